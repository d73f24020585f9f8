/**
 * One lifecycle operation per service at a time: queued in-process first (two calls in one process never race
 * each other for the database lock), then the cross-process lock in the store (the bot, CLIs and runbook steps).
 */
import type { Locale } from '../config/types.js';
import type { Store } from '../store/index.js';
import { formatDuration } from '../config/units.js';
import { LockBusyError } from './errors.js';

export interface LockWaitInfo {
  holderPid: number;
  purpose: string;
}

export class ServiceLocks {
  /** The last operation queued per service in this process: the next one waits for it. */
  private readonly tails = new Map<string, { done: Promise<void>; purpose: string }>();

  constructor(
    private readonly store: Store,
    private readonly locale: Locale = 'en',
  ) {}

  async run<T>(
    service: string,
    purpose: string,
    opts: { timeoutMs: number; onWait?: (w: LockWaitInfo) => void },
    fn: () => Promise<T>,
  ): Promise<T | LockBusyError> {
    const prev = this.tails.get(service);
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const entry = { done: (prev?.done ?? Promise.resolve()).then(() => mine), purpose };
    this.tails.set(service, entry);
    if (prev) {
      opts.onWait?.({ holderPid: process.pid, purpose: prev.purpose });
      await prev.done;
    }
    const started = Date.now();
    try {
      const lock = await this.store.locks.acquire(`service:${service}`, purpose, {
        timeoutMs: opts.timeoutMs,
        onWait: (row) => opts.onWait?.({ holderPid: row.holder_pid, purpose: row.purpose }),
      });
      if (!('release' in lock)) {
        return new LockBusyError(service, lock.heldBy.holder_pid, lock.heldBy.purpose, formatDuration(Date.now() - started), this.locale);
      }
      try {
        return await fn();
      } finally {
        lock.release();
      }
    } finally {
      if (this.tails.get(service) === entry) this.tails.delete(service);
      release();
    }
  }

  /** For `cleanup()`: the cross-process lock if nobody holds it, else undefined (never waits). */
  tryHold(service: string, purpose: string): { release(): void } | undefined {
    if (this.tails.has(service)) return undefined;
    const r = this.store.locks.tryAcquire(`service:${service}`, purpose);
    return 'release' in r ? r : undefined;
  }
}
