/**
 * Host snapshots for Alertmanager alerts that name a service of this host. One snapshot is taken per service per
 * minute and shared by the alerts that fire within it (at most 10 of them), so a group of 1,000 alerts about one
 * service costs one walk of /proc and a bounded number of thread posts, not 1,000 of each.
 */
import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { SnapshotSummary, SnapshotTaker } from '../monitor/snapshot.js';
import type { AlertRow } from '../store/alerts.js';

const FRESH_MS = 60_000;
const SHARED_AT_MOST = 10;

export interface SharedSnapshots {
  onFired(alert: AlertRow): void;
  /** resolves when no snapshot is being taken or attached */
  idle(): Promise<void>;
}

export function sharedSnapshots(d: { take: SnapshotTaker | null; attach: (alertId: number, s: SnapshotSummary) => void; clock: Clock; log: (l: string) => void }): SharedSnapshots {
  const current = new Map<string, { at: number; uses: number; summary: Promise<SnapshotSummary> }>();
  const pending = new Set<Promise<void>>();
  return {
    onFired(alert) {
      if (!d.take || alert.service === null) return;
      const now = d.clock.now();
      let c = current.get(alert.service);
      if (!c || now - c.at >= FRESH_MS) {
        c = { at: now, uses: 0, summary: d.take(alert) };
        current.set(alert.service, c);
      }
      if (++c.uses > SHARED_AT_MOST) return;
      const p = c.summary.then(
        (s) => d.attach(alert.id, s),
        (e: unknown) => d.log(`alertmanager: host snapshot: ${errorMessage(e)}`),
      );
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
