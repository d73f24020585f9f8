/**
 * The one delivery loop, for alerts, incidents and notices alike. Each pass:
 * - shows every row not shown yet on the mirror (the console, when Slack is the destination), at once, whatever
 *   Slack does, so a person at the host or reading logs/monitor.log sees alerts while Slack is down or refuses us;
 * - takes the oldest undelivered row of each subject (delivery is ordered per subject) and hands it to the
 *   destination's notifier; a row is done only when the notifier says ok.
 * A row that may have reached the destination (a timeout, a reset connection, a 5xx, or a crash mid-call) is
 * looked up there before it is sent again, so a lost answer never makes a second message. A failure of the
 * destination (unreachable, rate limited, 5xx) pauses all delivery on one backoff (Retry-After when given); an auth
 * failure stops it until the notifier's probe says the credentials work again; a row refused for good is skipped.
 * Other processes (a CLI `teach ack`) only append rows; a cheap poll of the highest id notices them.
 */
import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Background } from '../util/background.js';
import { Backoff, type BackoffPolicy } from '../util/backoff.js';
import type { OutboxStore } from './outbox.js';
import type { DeliveryResult, Notifier, OutboxRow, Reconciliation } from './types.js';

/** How the loop reports the destination's state (the app logs it once and shows it in `teach status`). */
export interface DeliveryHealth {
  unavailable(error: string, retryInMs: number): void;
  authFailed(error: string, needed?: string): void;
  recovered(): void;
  /** a row the destination refused for good */
  skipped(row: OutboxRow, error: string): void;
}

export interface DeliveryDeps {
  outbox: OutboxStore;
  clock: Clock;
  background: Background;
  notifier: Notifier;
  mirror?: Notifier;
  health: DeliveryHealth;
  /** false once the store is closed (shutdown): nothing more is read or marked */
  storeOpen: () => boolean;
  /** how often to look for rows other processes added; default 1 s */
  pollMs?: number;
  retry?: BackoffPolicy;
  probe?: BackoffPolicy;
}

const RETRY: BackoffPolicy = { initialMs: 1000, maxMs: 60_000 };
const PROBE: BackoffPolicy = { initialMs: 5000, maxMs: 300_000 };

type Step = 'next' | 'pause';

export class Delivery {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private cancelLater: (() => void) | undefined;
  private stopPoll: (() => void) | undefined;
  private lastSeen = 0;
  /** destination-wide wait after a failure of the destination itself */
  private pausedUntil = 0;
  private readonly retry: Backoff;
  private readonly probeBackoff: Backoff;
  /** set while the destination refuses the credentials */
  private auth: { error: string; needed?: string; cancelProbe: () => void } | undefined;
  /** a failure was reported to `health` and no delivery has succeeded since */
  private degraded = false;

  constructor(private readonly d: DeliveryDeps) {
    this.retry = new Backoff(d.retry ?? RETRY);
    this.probeBackoff = new Backoff(d.probe ?? PROBE);
  }

  /** true while an auth failure stops delivery */
  get authStopped(): boolean {
    return this.auth !== undefined;
  }

  start(): void {
    this.lastSeen = this.d.outbox.lastId();
    this.stopPoll = this.d.background.every('delivery poll', this.d.pollMs ?? 1000, () => {
      if (!this.d.storeOpen()) return;
      const last = this.d.outbox.lastId();
      if (last !== this.lastSeen) this.kick();
    });
    this.kick();
  }

  /** Something was enqueued: deliver now (or right after the pass in progress). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const p = this.pass().catch((e: unknown) => this.d.health.unavailable(errorMessage(e), 0));
    this.running = p.finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /**
   * The destination is known to answer again (Slack connected, so auth.test passed): try now instead of at the end
   * of the current backoff, and end an auth stop once the notifier's probe agrees.
   */
  wake(): void {
    this.pausedUntil = 0;
    if (this.auth) {
      this.auth.cancelProbe();
      this.auth.cancelProbe = this.scheduleProbe(0);
      return;
    }
    this.kick();
  }

  /** Resolves when the pass in progress (and any it queued) is over. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Shutdown: deliver what can be delivered now, waiting for no backoff, until nothing is due or `deadline`.
   * Rows still waiting stay in the outbox for the next start.
   */
  async flush(deadline: number): Promise<void> {
    this.kick();
    await Promise.race([this.idle(), new Promise<void>((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref())]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelLater?.();
    this.stopPoll?.();
    this.auth?.cancelProbe();
    await this.running;
  }

  private later(ms: number): void {
    this.cancelLater?.();
    this.cancelLater = this.d.background.after('delivery retry', Math.max(0, ms), () => {
      this.cancelLater = undefined;
      this.kick();
    });
  }

  private async pass(): Promise<void> {
    const { outbox, clock } = this.d;
    if (!this.d.storeOpen()) return;
    this.lastSeen = Math.max(this.lastSeen, outbox.lastId());
    await this.showOnMirror();
    if (this.auth) return;
    for (;;) {
      if (this.stopped || !this.d.storeOpen()) return;
      const now = clock.now();
      if (this.pausedUntil > now) return this.later(this.pausedUntil - now);
      const heads = outbox.heads();
      const due = heads.filter((r) => r.next_at <= now);
      if (due.length === 0) {
        if (heads.length > 0) this.later(Math.min(...heads.map((r) => r.next_at)) - now);
        return;
      }
      for (const row of due) {
        if (this.stopped || !this.d.storeOpen()) return;
        if ((await this.attempt(row)) === 'pause') return;
      }
    }
  }

  private async showOnMirror(): Promise<void> {
    const mirror = this.d.mirror;
    if (!mirror) return;
    for (const row of this.d.outbox.unmirrored()) {
      // The console cannot fail in a way worth retrying (it logs its own write errors): shown once.
      await mirror.deliver(row).catch(() => undefined);
      if (!this.d.storeOpen()) return;
      this.d.outbox.markMirrored(row.id, this.d.clock.now());
    }
  }

  private async attempt(row: OutboxRow): Promise<Step> {
    const { outbox, clock, notifier } = this.d;
    if (row.status === 'sending' || row.status === 'maybe_sent') {
      const r = await this.reconcile(row);
      if (!this.d.storeOpen()) return 'pause';
      if (r === 'unknown') return this.pause(row, 'maybe_sent', 'could not look up whether it arrived');
      if (r.arrived) {
        outbox.markDone(row.id, clock.now(), notifier.name, r.ref);
        return 'next';
      }
    }
    outbox.markSending(row.id);
    let result: DeliveryResult;
    try {
      result = await notifier.deliver(row);
    } catch (e) {
      // A throw from our own code, not an answer from the destination: the call may have gone out.
      result = { ok: false, outcome: 'maybe_sent', error: errorMessage(e) };
    }
    if (!this.d.storeOpen()) return 'pause';
    if (result.ok) {
      outbox.markDone(row.id, clock.now(), notifier.name, result.ref);
      this.retry.reset();
      this.probeBackoff.reset();
      this.pausedUntil = 0;
      if (this.degraded) {
        this.degraded = false;
        this.d.health.recovered();
      }
      return 'next';
    }
    switch (result.outcome) {
      case 'permanent':
        outbox.markFailed(row.id, clock.now(), result.error);
        this.d.health.skipped(row, result.error);
        return 'next';
      case 'auth':
        outbox.retryAt(row.id, clock.now(), result.error, false);
        this.stopForAuth(result.error, result.needed);
        return 'pause';
      case 'retry':
        return this.pause(row, 'pending', result.error, result.retryAfterMs);
      case 'maybe_sent':
        return this.pause(row, 'maybe_sent', result.error);
    }
  }

  private async reconcile(row: OutboxRow): Promise<Reconciliation> {
    try {
      return await this.d.notifier.reconcile(row);
    } catch {
      return 'unknown';
    }
  }

  /** The destination failed: this row waits, and so does everything else until the backoff (or Retry-After). */
  private pause(row: OutboxRow, as: 'pending' | 'maybe_sent', error: string, retryAfterMs?: number): Step {
    const wait = retryAfterMs ?? this.retry.next();
    if (retryAfterMs !== undefined && this.retry.failures === 0) this.retry.next();
    const at = this.d.clock.now() + wait;
    if (as === 'maybe_sent') this.d.outbox.markMaybeSent(row.id, at, error);
    else this.d.outbox.retryAt(row.id, at, error);
    this.pausedUntil = at;
    this.degraded = true;
    this.d.health.unavailable(error, wait);
    this.later(wait);
    return 'pause';
  }

  private stopForAuth(error: string, needed?: string): void {
    if (this.auth) {
      this.auth.error = error;
      return;
    }
    this.degraded = true;
    this.d.health.authFailed(error, needed);
    this.auth = { error, ...(needed ? { needed } : {}), cancelProbe: () => undefined };
    this.auth.cancelProbe = this.scheduleProbe(this.probeBackoff.next());
  }

  /** Asks the notifier, after `ms`, whether the credentials work again; on yes, delivery resumes. */
  private scheduleProbe(ms: number): () => void {
    return this.d.background.after('slack token probe', ms, async () => {
      if (this.stopped || !this.auth) return;
      // A missing scope shows only on the call that needs it: trying the row again is the probe.
      const r = this.auth.error === 'missing_scope' || !this.d.notifier.probe ? 'ok' : await this.d.notifier.probe().catch(() => 'unknown' as const);
      if (this.stopped || !this.auth) return;
      if (r !== 'ok') {
        this.auth.cancelProbe = this.scheduleProbe(this.probeBackoff.next());
        return;
      }
      const scope = this.auth.error === 'missing_scope';
      this.auth = undefined;
      // A token that works again is news now; a scope only once a row goes through (delivery reports it).
      if (!scope) {
        this.probeBackoff.reset();
        this.degraded = false;
        this.d.health.recovered();
      }
      this.kick();
    });
  }
}
