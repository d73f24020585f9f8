/**
 * Service rules: `service_down` when a service desired running is not running, `health` after
 * `monitor.health_failures` failed checks in a row. Desired state is read from the store every time, because a CLI
 * in another process may have just stopped the service; a service someone is operating on (its lifecycle lock is
 * held, or a restore names it, by any process) is judged only once that operation is over, so a CLI restart or
 * restore is not a crash. An orphaned service (its leader gone, its workers alive) is down too: the restart policy's
 * restart stops the workers before it starts the service again.
 */
import type { HealthResult } from '../probes/health.js';
import type { ServiceRuntime } from '../supervisor/types.js';
import type { Store } from '../store/index.js';
import type { Config } from '../config/types.js';
import type { Translate } from '../i18n/index.js';
import type { AlertBook } from './book.js';
import { FailureCount } from './hysteresis.js';
import { alertKey } from './keys.js';
import type { ExitFacts } from './policy.js';
import { describeExit, type Restarter } from './restarter.js';

export interface ServiceRulesDeps {
  config: Config;
  store: Store;
  book: AlertBook;
  restarter: Restarter;
  tr: Translate;
  /** a lifecycle lock or operation record held on the service by any process (Supervisor.operating) */
  operating: (service: string) => unknown;
  /** looks for the cause in the service's log (last error line) and adds it to the alert */
  learnCause: (service: string, alertId: number) => void;
}

export class ServiceRules {
  private readonly health = new Map<string, FailureCount>();
  /** the exit event's facts until the service is seen running again (an adopted process's exit is unknown) */
  private readonly lastExit = new Map<string, ExitFacts>();

  constructor(private readonly deps: ServiceRulesDeps) {}

  /** Another process (or our own restart) is starting, stopping, restarting or restoring it. */
  operating(service: string): boolean {
    return this.deps.restarter.busy(service) || this.deps.operating(service) !== undefined;
  }

  /** From the supervisor's exit event: judged at once, no polling delay. */
  exited(service: string, exit: ExitFacts): void {
    this.lastExit.set(service, exit);
    this.down(service, true);
  }

  /** One tick's view of a service: its runtime and, when running with a health check, the check's result. */
  observe(rt: ServiceRuntime, health: HealthResult | undefined): void {
    const { book, store } = this.deps;
    const name = rt.name;
    if (store.desired.get(name) !== 'running') {
      this.lastExit.delete(name);
      this.resetHealth(name);
      for (const key of [alertKey.serviceDown(name), alertKey.health(name), alertKey.crashLoop(name)]) book.resolve(key, 'stopped');
      return;
    }
    if (this.operating(name)) return;
    if (rt.state !== 'running') {
      // Orphaned: say what is left (its workers, holding the port); the restart will stop them first.
      this.down(name, false, rt.state === 'orphaned' ? rt.reason : undefined);
      return;
    }
    this.lastExit.delete(name);
    book.resolve(alertKey.serviceDown(name), 'running', rt.pid === null ? null : `pid ${rt.pid}`);
    if (!store.stats.get(name).fatal) book.resolve(alertKey.crashLoop(name), 'running', null);
    if (health) this.checkHealth(name, health);
  }

  private down(service: string, fromExit: boolean, orphaned?: string): void {
    const { book, store, restarter, tr } = this.deps;
    // Re-read: a CLI `teach stop` sets desired=stopped before it signals, so its exit is never a crash.
    if (store.desired.get(service) !== 'running' || this.operating(service)) return;
    const exit = this.lastExit.get(service);
    const detail = describeExit(tr, exit) + (orphaned ? `; ${orphaned}` : '');
    const { alert, created, reopened } = book.raise({ kind: 'service_down', subject: service, value: null, threshold: null, detail, ...(exit ? { cause: { exit } } : {}) });
    if (created || reopened) this.deps.learnCause(service, alert.id);
    this.resetHealth(service);
    restarter.onDown(service, exit, created || reopened || fromExit);
  }

  private checkHealth(service: string, h: HealthResult): void {
    const n = this.deps.config.monitor.health_failures;
    const key = alertKey.health(service);
    let count = this.health.get(service);
    if (!count) {
      count = new FailureCount(n, this.deps.book.active(key) !== undefined);
      this.health.set(service, count);
    }
    const edge = count.update(h.ok);
    if (edge === 'fire' || (count.active && !h.ok)) {
      this.deps.book.raise({ kind: 'health', subject: service, value: count.count, threshold: n, detail: h.error ?? null });
    } else if (edge === 'clear') {
      this.deps.book.resolve(key, 'recovered', null);
    }
  }

  private resetHealth(service: string): void {
    const c = this.health.get(service);
    if (c) c.count = 0;
  }
}
