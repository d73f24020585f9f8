/**
 * Status collections that overlap share one result: twenty people typing `/teach status` in the same second
 * need one round of health checks and /proc reads, not twenty. Nothing is cached once a collection has finished,
 * so each later request still sees the state at its own moment (or the monitor's last round, younger than one
 * interval, with its age shown: src/ops/status-readings.ts).
 */
import type { OpsContext } from '../ops/types.js';
import { collectStatus, type StatusReport } from '../ops/status.js';

/** `fresh`: start a new collection (after a change this bot made, an older one in flight would be out of date). */
export type StatusSource = (service: string | null, fresh?: boolean) => Promise<StatusReport>;

export function sharedStatus(ops: OpsContext, collect: typeof collectStatus = collectStatus): StatusSource {
  const running = new Map<string, Promise<StatusReport>>();
  return (service, fresh = false) => {
    const key = service ?? '';
    const current = running.get(key);
    if (current && !fresh) return current;
    // After a change, the monitor's last round (taken before it) is out of date too: measure everything.
    const p = collect(ops, service ?? undefined, { reuse: !fresh }).finally(() => {
      if (running.get(key) === p) running.delete(key);
    });
    running.set(key, p);
    return p;
  };
}
