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
import { assertNever, errorMessage } from '../errors.js';
import { Backoff, type BackoffPolicy } from '../util/backoff.js';
import { attemptRow } from './attempt.js';
import { AuthStop } from './auth-stop.js';
import type { DeliveryDeps, OutboxRow } from './types.js';

export type { DeliveryDeps, DeliveryHealth } from './types.js';

const RETRY: BackoffPolicy = { initialMs: 1000, maxMs: 60_000 };
/** After an error of the loop itself (not of the destination). */
const AGAIN_MS = 1000;

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
  /** set while the destination refuses the credentials */
  private readonly auth: AuthStop;
  /** a failure was reported to `health` and no delivery has succeeded since */
  private degraded = false;
  /** the next pass tries every head now, whatever its backoff said (the destination answers again) */
  private dueNow = false;

  constructor(private readonly d: DeliveryDeps) {
    this.retry = new Backoff(d.retry ?? RETRY);
    this.auth = new AuthStop({
      background: d.background,
      notifier: d.notifier,
      ...(d.probe ? { policy: d.probe } : {}),
      resume: (scope) => {
        // A token that works again is news now; a scope only once a row goes through (answered() says so).
        if (!scope) {
          this.degraded = false;
          this.d.health.recovered();
        }
        this.kick();
      },
    });
  }

  /** true while an auth failure stops delivery */
  get authStopped(): boolean {
    return this.auth.active;
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
    const p = this.pass().catch((e: unknown) => {
      // Our own failure (the store busy or locked), not the destination's: say it, try the pass again shortly.
      this.d.log(`delivery: ${errorMessage(e)}`);
      if (!this.stopped) this.later(AGAIN_MS);
    });
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
    this.dueNow = true;
    if (this.auth.active) return this.auth.probeNow();
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
    this.auth.cancel();
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
    if (this.auth.active) return;
    for (;;) {
      if (this.stopped || !this.d.storeOpen()) return;
      const now = clock.now();
      if (this.pausedUntil > now) return this.later(this.pausedUntil - now);
      const heads = outbox.heads();
      const due = heads.filter((r) => this.dueNow || r.next_at <= now);
      this.dueNow = false;
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
    const r = await attemptRow({ outbox: this.d.outbox, notifier: this.d.notifier, now: () => this.d.clock.now(), storeOpen: this.d.storeOpen }, row);
    switch (r.kind) {
      case 'done':
        this.answered();
        return 'next';
      case 'skipped':
        this.d.health.skipped(row, r.error);
        return 'next';
      case 'auth':
        if (this.auth.enter(r.error)) {
          this.degraded = true;
          this.d.health.authFailed(r.error, r.needed);
        }
        return 'pause';
      case 'wait':
        return this.pause(row, r.as, r.error, r.retryAfterMs);
      case 'closed':
        return 'pause';
      default:
        return assertNever(r, 'attempt outcome');
    }
  }

  /** The destination answered: the next failure starts the backoff from its first step again. */
  private answered(): void {
    this.retry.reset();
    this.auth.answered();
    this.pausedUntil = 0;
    if (this.degraded) {
      this.degraded = false;
      this.d.health.recovered();
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
}
