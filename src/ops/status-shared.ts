/**
 * Status collections that overlap share one result: twenty people typing `/teach status` in the same second
 * need one round of health checks and /proc reads, not twenty. A finished collection answers for a short while
 * after it (REUSE_MS) too: with the monitor's readings a collection takes a few ms, so twenty commands arriving
 * over a few hundred ms no longer overlap, and each would read every service's state again on the daemon's one
 * thread. A process exit (any service) or a change this bot made (`fresh`) ends that at once, so an answer never
 * hides a crash it could have seen; the message says when it was taken ("Updated ...") and how old its readings are.
 */
import type { OpsContext } from './types.js';
import { collectStatus, type StatusReport } from './status.js';

/** `fresh`: start a new collection (after a change this bot made, an older one in flight would be out of date). */
export type StatusSource = (service: string | null, fresh?: boolean) => Promise<StatusReport>;

/** How long a finished collection still answers. */
export const REUSE_MS = 1000;

export function sharedStatus(ops: OpsContext, collect: typeof collectStatus = collectStatus): StatusSource {
  const running = new Map<string, Promise<StatusReport>>();
  const finished = new Map<string, { report: StatusReport; at: number }>();
  // Bumped by every exit: a collection that started before one is not kept.
  let generation = 0;
  ops.supervisor.onExit(() => {
    generation++;
    finished.clear();
  });
  return (service, fresh = false) => {
    const key = service ?? '';
    const current = running.get(key);
    if (current && !fresh) return current;
    const done = finished.get(key);
    const now = ops.clock.now();
    if (done && !fresh && now - done.at >= 0 && now - done.at < REUSE_MS) return Promise.resolve(aged(done.report, now));
    if (fresh) finished.clear();
    const startedIn = generation;
    // After a change, the monitor's last round (taken before it) is out of date too: measure everything.
    const p = collect(ops, service ?? undefined, { reuse: !fresh }).finally(() => {
      if (running.get(key) === p) running.delete(key);
    });
    running.set(key, p);
    void p.then(
      (report) => {
        if (running.get(key) === undefined && generation === startedIn) finished.set(key, { report, at: ops.clock.now() });
      },
      () => undefined,
    );
    return p;
  };
}

/** The readings' age as of now (the report's own time, `generated_at`, stays what it was). */
function aged(r: StatusReport, now: number): StatusReport {
  return r.readings_age_ms === null ? r : { ...r, readings_age_ms: r.readings_age_ms + Math.max(0, now - r.generated_at) };
}
