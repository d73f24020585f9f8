/**
 * Carries out the restart policy for services that went down while desired running: waits the backoff (on the
 * injected clock), restarts through the lifecycle port (the app runs the audited operation as actor `teachops`
 * without touching the desired state), writes each step into the service_down alert's thread, and gives up with a
 * crash_loop alert when the guard trips. The restart history lives in the store, so a restarted bot keeps counting.
 */
import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { Background } from '../util/background.js';
import type { AlertBook } from './book.js';
import type { LifecyclePort, MonitorContext } from './context.js';
import { alertKey } from './keys.js';
import { decideRestart, recentRestarts, type ExitFacts } from './policy.js';

export interface RestarterDeps {
  ops: MonitorContext;
  lifecycle: LifecyclePort;
  background: Background;
  book: AlertBook;
  clock: Clock;
  tr: Translate;
  log: (line: string) => void;
  /** true when the service is running or someone else is operating on it: the scheduled restart is not needed */
  notNeeded: (service: string) => boolean;
}

const historyKey = (svc: string) => `monitor.restarts.${svc}`;

export function describeExit(tr: Translate, exit: ExitFacts | undefined): string {
  if (!exit) return tr('alerts.exit_unknown');
  return exit.signal ? tr('alerts.exit_signal', { signal: exit.signal }) : tr('alerts.exit_code', { code: String(exit.code) });
}

export class Restarter {
  private readonly timers = new Map<string, () => void>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: RestarterDeps) {}

  /** A restart is scheduled or under way. */
  busy(service: string): boolean {
    return this.timers.has(service) || this.running.has(service);
  }

  /**
   * The service is down while desired running. `fresh`: this is news (the alert was just raised, or the process just
   * exited), so a "not restarted by policy" line is worth writing; later ticks only (re)schedule.
   */
  onDown(service: string, exit: ExitFacts | undefined, fresh: boolean): void {
    const { ops, book } = this.deps;
    if (this.stopped || this.busy(service) || ops.store.stats.get(service).fatal) return;
    const svc = ops.config.services[service]!;
    const now = this.deps.clock.now();
    const history = this.history(service);
    const decision = decideRestart(svc.restart, exit, history, now);
    const down = book.active(alertKey.serviceDown(service));
    switch (decision.action) {
      case 'none':
        if (fresh && down) book.note(down.id, 'no_restart', { service, policy: svc.restart.policy, ...(decision.reason === 'clean_exit' ? { exit_code: 0 } : {}) });
        return;
      case 'give_up':
        return this.giveUp(service, decision.n, exit);
      case 'restart': {
        if (down) {
          book.note(down.id, 'restart_scheduled', { service, delay_ms: decision.delayMs, n: decision.n, max: decision.max, window_ms: svc.restart.window });
        }
        const cancel = this.deps.background.after(`restart ${service}`, decision.delayMs, () => {
          this.timers.delete(service);
          const p = this.restartNow(service).then(
            (failed) => {
              this.running.delete(service);
              // Decide again right away (next backoff step, or give up) rather than at the next tick.
              if (failed) this.onDown(service, undefined, false);
            },
            (e: unknown) => {
              this.running.delete(service);
              this.deps.log(`monitor: restart of ${service}: ${errorMessage(e)}`);
            },
          );
          this.running.set(service, p);
          return p;
        });
        this.timers.set(service, cancel);
        return;
      }
    }
  }

  /** true when the restart failed */
  private async restartNow(service: string): Promise<boolean> {
    const { ops, book, tr, log, lifecycle } = this.deps;
    if (this.stopped || this.deps.notNeeded(service) || ops.store.desired.get(service) !== 'running') return false;
    const now = this.deps.clock.now();
    const svc = ops.config.services[service]!;
    ops.store.kv.set(historyKey(service), [...recentRestarts(svc.restart, this.history(service), now), now], now);
    ops.store.stats.countRestart(service);
    let ok = false;
    let error = '';
    let pid = 0;
    let ms = 0;
    try {
      const r = await lifecycle.restart(service, 'policy');
      ok = r.ok;
      pid = r.pid ?? 0;
      ms = r.ms;
      error = r.error ?? '';
    } catch (e) {
      error = errorMessage(e);
    }
    // Stopped by an operator meanwhile (the supervisor then skipped the restart): not ours to report or resolve.
    // A daemon shutting down still records a restart that ran: shutdown waits for it before closing the store.
    if (!ops.store.db.open || ops.store.desired.get(service) !== 'running') return false;
    const down = book.active(alertKey.serviceDown(service));
    if (ok) {
      if (down) book.note(down.id, 'restarted', { service, pid, duration_ms: ms });
      book.resolve(alertKey.serviceDown(service), 'restarted', `pid ${pid}`);
      return false;
    }
    log(tr('alerts.note_restart_failed', { service, error }));
    if (down) book.note(down.id, 'restart_failed', { service, error });
    return true;
  }

  private giveUp(service: string, n: number, exit: ExitFacts | undefined): void {
    const { ops, book, tr } = this.deps;
    const svc = ops.config.services[service]!;
    ops.store.stats.setFatal(service, true);
    // A fresh count once an operator starts it again.
    ops.store.kv.set(historyKey(service), [], this.deps.clock.now());
    const down = book.active(alertKey.serviceDown(service));
    if (down) book.note(down.id, 'gave_up', { service, n, window_ms: svc.restart.window });
    book.raise({ kind: 'crash_loop', subject: service, value: n, threshold: svc.restart.max_restarts, detail: describeExit(tr, exit) });
  }

  private history(service: string): number[] {
    return this.deps.ops.store.kv.get<number[]>(historyKey(service))?.value ?? [];
  }

  /** Resolves when no restart is under way (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }
}
