/**
 * The one exponential backoff in teachops: automatic restarts (restart.backoff .. backoff_max), Slack delivery
 * retries, the Slack token probe and reconnecting at start-up all step through it, so "how long until the next
 * try" means the same thing everywhere. No jitter: one process talks to one Slack workspace, and tests drive
 * the delays with a ManualClock.
 */
export interface BackoffPolicy {
  /** the first delay */
  initialMs: number;
  /** no delay is longer than this */
  maxMs: number;
  /** growth per step; default 2 */
  factor?: number;
}

/** The delay before try number `step + 1` after `step` failures (step 0 -> initialMs). */
export function backoffDelay(step: number, p: BackoffPolicy): number {
  const n = Math.max(0, Math.floor(step));
  // Capped before exponentiation so a long outage (thousands of steps) never overflows to Infinity.
  return Math.min(p.maxMs, p.initialMs * (p.factor ?? 2) ** Math.min(n, 52));
}

/** A backoff that remembers its step: `next()` after each failure, `reset()` after a success. */
export class Backoff {
  private step = 0;

  constructor(private readonly policy: BackoffPolicy) {}

  next(): number {
    return backoffDelay(this.step++, this.policy);
  }

  /** failures so far */
  get failures(): number {
    return this.step;
  }

  reset(): void {
    this.step = 0;
  }
}
