/**
 * Background work in `teach run` (timers, fire-and-forget promises) goes through one guard: an error in one tick
 * is caught, logged with the job's name, and counted, and the daemon keeps supervising. Nothing here exits.
 */
export interface BackgroundLog {
  (line: string): void;
}

export interface Background {
  /** Runs `fn` now without awaiting it; a throw or rejection is logged and counted. */
  run(name: string, fn: () => unknown): void;
  /** Runs `fn` every `ms` (unref'd timer; a run still in progress is not started again). Returns a stop function. */
  every(name: string, ms: number, fn: () => unknown): () => void;
  /** Errors caught so far, by job name (shown by diagnostics and metrics). */
  errors(): ReadonlyMap<string, number>;
}

export function createBackground(log: BackgroundLog): Background {
  const counts = new Map<string, number>();
  const fail = (name: string, e: unknown) => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const msg = e instanceof Error ? e.message : String(e);
    log(`${name}: ${msg}`);
    if (process.env.TEACHOPS_DEBUG && e instanceof Error && e.stack) log(e.stack);
  };
  const start = (name: string, fn: () => unknown): Promise<void> => {
    try {
      return Promise.resolve(fn()).then(
        () => undefined,
        (e: unknown) => fail(name, e),
      );
    } catch (e) {
      fail(name, e);
      return Promise.resolve();
    }
  };
  return {
    run: (name, fn) => void start(name, fn),
    every(name, ms, fn) {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        void start(name, fn).finally(() => (busy = false));
      }, ms);
      timer.unref();
      return () => clearInterval(timer);
    },
    errors: () => counts,
  };
}
