/**
 * One lifecycle operation per service at a time: queued in-process first (two calls in one process never race
 * each other for the database lock), then the cross-process lock in the store (the bot, CLIs and runbook steps).
 * An operation over several services (restart all, restore) holds all their locks for its whole length, taken in
 * one fixed order (sorted names) so two such operations never wait for each other in a circle. A live operation
 * record (operation.ts, a restore) counts as holding the services it names, even after a restored database dropped
 * its lock rows.
 */
import type { Locale } from '../config/types.js';
import type { HeldLock, Store } from '../store/index.js';
import { formatDuration } from '../config/units.js';
import { sleep } from '../clock.js';
import { LockBusyError } from './errors.js';
import { holderAlive, readOperation } from './operation.js';
import type { HeldServices } from './types.js';

export interface LockWaitInfo {
  holderPid: number;
  purpose: string;
}

interface LockOpts {
  timeoutMs: number;
  onWait?: (w: LockWaitInfo) => void;
  /** locks the caller holds already (restore): the step runs without taking them again */
  held?: HeldServices;
}

export class ServiceLocks {
  /** The last operation queued per service in this process: the next one waits for it. */
  private readonly tails = new Map<string, { done: Promise<void>; purpose: string }>();

  constructor(
    private readonly store: Store,
    private readonly locale: Locale = 'en',
    private readonly logsDir?: string,
  ) {}

  async run<T>(service: string, purpose: string, opts: LockOpts, fn: () => Promise<T>): Promise<T | LockBusyError> {
    if (opts.held?.covers(service)) return fn();
    const held = await this.holdSorted([service], purpose, opts);
    if (held instanceof LockBusyError) return held;
    try {
      return await fn();
    } finally {
      held.release();
    }
  }

  /** The locks of every service in `services`, in sorted order, until released. */
  hold(services: readonly string[], purpose: string, opts: LockOpts): Promise<HeldServices | LockBusyError> {
    return this.holdSorted([...new Set(services)].sort(), purpose, opts);
  }

  private async holdSorted(services: string[], purpose: string, opts: LockOpts): Promise<HeldServices | LockBusyError> {
    // In-process queue: wait for whatever this process already queued on any of them.
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = services.map((s) => this.tails.get(s));
    const entries = services.map((s, i) => {
      const entry = { done: (before[i]?.done ?? Promise.resolve()).then(() => mine), purpose };
      this.tails.set(s, entry);
      return [s, entry] as const;
    });
    const waiting = before.find((b) => b !== undefined);
    if (waiting) opts.onWait?.({ holderPid: process.pid, purpose: waiting.purpose });
    await Promise.all(before.map((b) => b?.done));
    const finish = () => {
      for (const [s, entry] of entries) if (this.tails.get(s) === entry) this.tails.delete(s);
      release();
    };

    const started = Date.now();
    const deadline = started + opts.timeoutMs;
    const locks: HeldLock[] = [];
    const busy = (pid: number, what: string) => {
      for (const l of locks.reverse()) l.release();
      finish();
      return new LockBusyError(services.join(', '), pid, what, formatDuration(Date.now() - started), this.locale);
    };
    for (const s of services) {
      const op = await this.waitForOperation(s, deadline, opts.onWait);
      if (op) return busy(op.pid, op.purpose);
      const lock = await this.store.locks.acquire(`service:${s}`, purpose, {
        timeoutMs: Math.max(0, deadline - Date.now()),
        onWait: (row) => opts.onWait?.({ holderPid: row.holder_pid, purpose: row.purpose }),
      });
      if (!('release' in lock)) return busy(lock.heldBy.holder_pid, lock.heldBy.purpose);
      locks.push(lock);
    }
    const set = new Set(services);
    let released = false;
    return {
      services,
      covers: (s) => set.has(s),
      release: () => {
        if (released) return;
        released = true;
        for (const l of [...locks].reverse()) l.release();
        finish();
      },
    };
  }

  /** Waits while another live process's operation record names `service`; its holder when the deadline passes. */
  private async waitForOperation(service: string, deadline: number, onWait?: (w: LockWaitInfo) => void): Promise<{ pid: number; purpose: string } | undefined> {
    if (this.logsDir === undefined) return undefined;
    let told = false;
    for (;;) {
      const op = readOperation(this.logsDir);
      if (!op || op.holder.pid === process.pid || !op.services.includes(service) || !holderAlive(op)) return undefined;
      if (!told) onWait?.({ holderPid: op.holder.pid, purpose: op.purpose });
      told = true;
      if (Date.now() >= deadline) return { pid: op.holder.pid, purpose: op.purpose };
      await sleep(50);
    }
  }

  /** For `cleanup()`: the cross-process lock if nobody holds it, else undefined (never waits). */
  tryHold(service: string, purpose: string): { release(): void } | undefined {
    if (this.tails.has(service)) return undefined;
    const r = this.store.locks.tryAcquire(`service:${service}`, purpose);
    return 'release' in r ? r : undefined;
  }
}
