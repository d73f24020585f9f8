/**
 * Work still running in the daemon: a Slack command after its ack (a restart waiting for health, a report being
 * written), a runbook step, an automatic restart. On SIGTERM the daemon stops accepting new work, then waits here
 * (with a deadline) so no operation is cut off halfway and no message stays "Restarting..." before the store closes.
 */
export interface Inflight {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly size: number;
  /** Resolves when everything running has settled, or after `timeoutMs`; tells which. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInflight(): Inflight {
  const running = new Set<Promise<unknown>>();
  return {
    run(work) {
      const p = work();
      const tracked = p.then(
        () => undefined,
        () => undefined,
      );
      running.add(tracked);
      void tracked.then(() => running.delete(tracked));
      return p;
    },
    get size() {
      return running.size;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        while (running.size > 0) {
          const settled = await Promise.race([Promise.all([...running]).then(() => true as const), timeout]);
          if (!settled) return false;
        }
        return true;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
