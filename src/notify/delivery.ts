/**
 * Delivers the outbox, strictly in order, one row at a time: a row is marked done only when its notifier said ok
 * (Slack answered `ok`), a failure waits (Retry-After when Slack gave one, else exponential backoff) and holds up
 * the rows behind it, so alerts raised while Slack is down arrive in order once it answers. Rows left in flight by a
 * killed bot are looked up at their destination before being sent again. Other processes (a CLI `teach ack`) only
 * enqueue; a cheap poll of the highest row id notices them.
 */
import type { Clock, TimerHandle } from '../clock.js';
import { formatDuration } from '../config/units.js';
import { errorMessage } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { AlertRow } from '../store/alerts.js';
import type { Store } from '../store/index.js';
import type { OutboxRow } from '../store/outbox.js';
import type { Notifier } from './types.js';
import { recoverInFlight } from './in-flight.js';

export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  notifier: Notifier;
  tr: Translate;
  log: (line: string) => void;
  /** also shown each row once, when it is first attempted (the console mirror while Slack delivers) */
  mirror?: (row: OutboxRow, alert: AlertRow) => void;
  /** how often to look for rows other processes added; default 1 s */
  pollMs?: number;
}

const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 60_000;
const NOT_READY_MS = 500;

export class Delivery {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: TimerHandle | undefined;
  private poll: TimerHandle | undefined;
  private lastSeen = 0;
  private stopped = false;
  private readonly mirrored = new Set<number>();

  constructor(private readonly d: DeliveryDeps) {}

  start(): void {
    this.lastSeen = this.d.store.outbox.lastId();
    this.kick();
    const every = this.d.pollMs ?? 1000;
    const tick = () => {
      if (this.stopped) return;
      const last = this.d.store.outbox.lastId();
      if (last !== this.lastSeen) this.kick();
      this.poll = this.d.clock.setTimeout(tick, every);
      this.poll.unref?.();
    };
    this.poll = this.d.clock.setTimeout(tick, every);
    this.poll.unref?.();
  }

  /** Something was enqueued: deliver now (or right after the pass in progress). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when the pass in progress (and any it queued) is over: everything deliverable now was delivered. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    if (this.poll) this.d.clock.clearTimeout(this.poll);
    await this.running;
  }

  private later(ms: number): void {
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    this.timer = this.d.clock.setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, ms);
    this.timer.unref?.();
  }

  private async pass(): Promise<void> {
    const { store, clock, notifier } = this.d;
    while (!this.stopped && store.db.open) {
      this.lastSeen = Math.max(this.lastSeen, store.outbox.lastId());
      const row = store.outbox.head();
      if (!row) return;
      const alert = store.alerts.get(row.alert_id);
      if (!alert) {
        store.outbox.markFailed(row.id, clock.now(), 'alert not found');
        continue;
      }
      const wait = row.next_at - clock.now();
      if (wait > 0) return this.later(wait);
      if (!notifier.ready()) return this.later(NOT_READY_MS);
      if (!this.mirrored.has(row.id)) {
        this.mirrored.add(row.id);
        this.d.mirror?.(row, alert);
      }
      if (row.status === 'in_flight') {
        const next = await recoverInFlight({ ...this.d, backoff: (n) => this.backoff(n) }, row, alert);
        if (typeof next === 'number') return this.later(next);
      }
      if (!(await this.send(row, alert))) return;
    }
  }

  /** false: it failed and must be retried later (the rows behind it wait). */
  private async send(row: OutboxRow, alert: AlertRow): Promise<boolean> {
    const { store, clock, tr, log } = this.d;
    const fresh = store.outbox.get(row.id);
    if (!fresh || fresh.status === 'done') return true;
    store.outbox.markInFlight(row.id);
    let result;
    try {
      result = await this.d.notifier.deliver(row, alert);
    } catch (e) {
      result = { ok: false as const, error: errorMessage(e) };
    }
    if (!store.db.open) return false;
    if (result.ok) {
      store.outbox.markDone(row.id, clock.now(), result.ts ?? null);
      return true;
    }
    if (result.permanent) {
      log(tr('alerts.delivery_failed', { id: alert.id, error: result.error }));
      store.outbox.markFailed(row.id, clock.now(), result.error);
      return true;
    }
    const delay = result.retryAfterMs ?? this.backoff(row.attempts + 1);
    if (row.attempts === 0) log(tr('alerts.delivery_retry', { id: alert.id, error: result.error, delay: formatDuration(delay) }));
    store.outbox.retryAt(row.id, clock.now() + delay, result.error);
    this.later(delay);
    return false;
  }

  private backoff(attempts: number): number {
    return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, attempts - 1));
  }
}
