/**
 * Carries out the restart policy for services that went down while desired running: waits the backoff (on the
 * injected clock), restarts through the lifecycle port (the app runs the audited operation as actor `teachops`
 * without touching the desired state), and keeps ONE line in the service alert's thread up to date ("restart 3 of 20
 * failed: ...; next in 2 s"). When the crash-loop guard trips, the same alert escalates (book.escalate): one alert
 * per fault. Every step is still an event in the alert's history. The restart history lives in the store, so a
 * restarted bot keeps counting.
 */
import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { Background } from '../util/background.js';
import type { AlertBook } from './book.js';
import type { LifecyclePort, MonitorContext } from './context.js';
import { RESTARTS_LINE, type AlertLineCode, type LineArgs } from './events.js';
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
  /** looks for the cause in the service's log (last error line) and adds it to the alert */
  learnCause: (service: string, alertId: number) => void;
}

const historyKey = (svc: string) => `monitor.restarts.${svc}`;

export function describeExit(tr: Translate, exit: ExitFacts | undefined): string {
  if (!exit) return tr('alerts.exit_unknown');
  return exit.signal ? tr('alerts.exit_signal', { signal: exit.signal }) : tr('alerts.exit_code', { code: String(exit.code) });
}

export class Restarter {
  private readonly timers = new Map<string, () => void>();
  private readonly running = new Map<string, Promise<void>>();
  /** the attempt scheduled or under way: its number and the most allowed within the window */
  private readonly attempt = new Map<string, { n: number; max: number }>();
  /** the last attempt that failed, until one succeeds: said on the line with the next attempt */
  private readonly failed = new Map<string, { n: number; error: string }>();
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
    const decision = decideRestart(svc.restart, exit, this.history(service), now);
    const down = book.active(alertKey.serviceDown(service));
    switch (decision.action) {
      case 'none':
        if (fresh && down) book.note(down.id, 'no_restart', { service, policy: svc.restart.policy, ...(decision.reason === 'clean_exit' ? { exit_code: 0 } : {}) });
        return;
      case 'give_up':
        return this.giveUp(service, decision.n);
      case 'restart': {
        this.attempt.set(service, { n: decision.n, max: decision.max });
        // The first restart of a window starts a new story: an older failure is not this one's.
        if (decision.n === 1) this.failed.delete(service);
        const last = this.failed.get(service);
        const base = { service, max: decision.max, delay_ms: decision.delayMs };
        if (down) {
          if (last) this.line(down.id, 'restarts_retry', { ...base, n: last.n, error: last.error });
          else this.line(down.id, 'restarts_scheduled', { ...base, n: decision.n, window_ms: svc.restart.window });
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
    let r: { ok: boolean; pid: number; ms: number; error: string };
    try {
      const o = await lifecycle.restart(service, 'policy');
      r = { ok: o.ok, pid: o.pid ?? 0, ms: o.ms, error: o.error ?? '' };
    } catch (e) {
      r = { ok: false, pid: 0, ms: 0, error: errorMessage(e) };
    }
    // Stopped by an operator meanwhile (the supervisor then skipped the restart): not ours to report or resolve.
    // A daemon shutting down still records a restart that ran: shutdown waits for it before closing the store.
    if (!ops.store.db.open || ops.store.desired.get(service) !== 'running') return false;
    const down = book.active(alertKey.serviceDown(service));
    const at = this.attempt.get(service) ?? { n: 1, max: svc.restart.max_restarts };
    if (r.ok) {
      this.failed.delete(service);
      if (down) this.line(down.id, 'restarts_ok', { service, n: at.n, max: at.max, pid: r.pid, duration_ms: r.ms });
      book.resolve(alertKey.serviceDown(service), 'restarted', `pid ${r.pid}`);
      return false;
    }
    log(tr('alerts.note_restart_failed', { service, error: r.error }));
    this.failed.set(service, { n: at.n, error: r.error });
    if (down) {
      book.addCause(down.id, { error: r.error });
      this.deps.learnCause(service, down.id);
    }
    return true;
  }

  private giveUp(service: string, n: number): void {
    const { ops, book } = this.deps;
    const svc = ops.config.services[service]!;
    ops.store.stats.setFatal(service, true);
    // A fresh count once an operator starts it again.
    ops.store.kv.set(historyKey(service), [], this.deps.clock.now());
    const down = book.active(alertKey.serviceDown(service)) ?? book.raise({ kind: 'service_down', subject: service, value: null, threshold: null, detail: null }).alert;
    const last = this.failed.get(service);
    this.failed.delete(service);
    if (last) this.line(down.id, 'restarts_failed', { service, n: last.n, max: svc.restart.max_restarts, error: last.error });
    book.escalate(down.id, { n, max: svc.restart.max_restarts, window_ms: svc.restart.window }, { service, n, window_ms: svc.restart.window });
  }

  /** The one restarts line of the alert's thread, edited in place; each step is an event of its own. */
  private line(alertId: number, code: AlertLineCode, args: LineArgs): void {
    this.deps.book.note(alertId, code, args, { line: RESTARTS_LINE });
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
