/**
 * Background work in `teach run` (timers, fire-and-forget promises) goes through one guard: an error in one tick
 * is caught, logged with the job's name, and counted, and the daemon keeps supervising. Nothing here exits.
 * Timers run on the injected Clock when one is given, so tests drive them with a ManualClock; they are unref'd
 * either way (a timer alone never keeps the process up, and shutdown never waits on one).
 */
import type { Clock, TimerHandle } from '../clock.js';

export interface BackgroundLog {
  (line: string): void;
}

export interface Background {
  /** Runs `fn` now without awaiting it; a throw or rejection is logged and counted. */
  run(name: string, fn: () => unknown): void;
  /** Runs `fn` every `ms` (unref'd timer; a run still in progress is not started again). Returns a stop function. */
  every(name: string, ms: number, fn: () => unknown): () => void;
  /** Runs `fn` once after `ms` on the clock. Returns a cancel function. */
  after(name: string, ms: number, fn: () => unknown): () => void;
  /** Errors caught so far, by job name (shown by diagnostics and metrics). */
  errors(): ReadonlyMap<string, number>;
  /** Resolves when no job started through `run`, `every` or `after` is still running (tests, shutdown). */
  idle(): Promise<void>;
}

export interface BackgroundOptions {
  /** time source for `every` and `after`; default: real timers */
  clock?: Clock;
}

export function createBackground(log: BackgroundLog, opts: BackgroundOptions = {}): Background {
  const counts = new Map<string, number>();
  const running = new Set<Promise<void>>();
  const fail = (name: string, e: unknown) => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const msg = e instanceof Error ? e.message : String(e);
    log(`${name}: ${msg}`);
    if (process.env.TEACHOPS_DEBUG && e instanceof Error && e.stack) log(e.stack);
  };
  const start = (name: string, fn: () => unknown): Promise<void> => {
    let p: Promise<void>;
    try {
      p = Promise.resolve(fn()).then(
        () => undefined,
        (e: unknown) => fail(name, e),
      );
    } catch (e) {
      fail(name, e);
      return Promise.resolve();
    }
    running.add(p);
    void p.finally(() => running.delete(p));
    return p;
  };
  const timeout = (fn: () => void, ms: number): { cancel: () => void } => {
    if (opts.clock) {
      const clock = opts.clock;
      const h: TimerHandle = clock.setTimeout(fn, ms);
      h.unref?.();
      return { cancel: () => clock.clearTimeout(h) };
    }
    const h = setTimeout(fn, ms);
    h.unref();
    return { cancel: () => clearTimeout(h) };
  };
  return {
    run: (name, fn) => void start(name, fn),
    every(name, ms, fn) {
      let stopped = false;
      let timer: { cancel: () => void } | undefined;
      const tick = () => {
        if (stopped) return;
        void start(name, fn).finally(() => {
          if (!stopped) timer = timeout(tick, ms);
        });
      };
      timer = timeout(tick, ms);
      return () => {
        stopped = true;
        timer?.cancel();
      };
    },
    after(name, ms, fn) {
      const t = timeout(() => void start(name, fn), ms);
      return t.cancel;
    },
    errors: () => counts,
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
