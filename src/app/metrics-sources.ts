/**
 * What /metrics reads from the state database at scrape time, as small functions: the exporter only calls them.
 * `deliveryPending` counts the one outbox (alerts, incidents and notices waiting for Slack or the console).
 */
import type { ExporterSources } from '../metrics/exporter.js';
import { RestartTally } from '../metrics/restarts.js';
import type { AlertKind, AlertState } from '../store/alerts.js';
import type { Store } from '../store/index.js';

// Every kind and active state, so a count that drops to zero is a 0 and not a vanished series. A Record, so a new
// alert kind that is not listed here is a type error. Alerts received from Alertmanager are not teachops' own:
// exporting them back to Prometheus would only echo its own alerts.
const KINDS: Record<Exclude<AlertKind, 'alertmanager'>, true> = {
  service_down: true, health: true, cpu: true, memory: true, disk: true, service_cpu: true, service_memory: true, crash_loop: true, backup: true,
  logs_disk: true, state_store: true,
};
const ACTIVE_STATES: readonly Exclude<AlertState, 'resolved'>[] = ['firing', 'acknowledged'];

export function metricsSources(store: Store, services: readonly string[]): ExporterSources {
  const tally = new RestartTally(services);
  return {
    alertsActive() {
      const counts = new Map<string, number>();
      for (const a of store.alerts.active()) {
        // Alertmanager's alerts are Alertmanager's to count (its own metrics); these are teachops' own.
        if (a.kind === 'alertmanager') continue;
        // A service alert escalated by the crash-loop guard counts as the crash loop it now is.
        const key = `${a.escalation ?? a.kind}/${a.state}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return Object.keys(KINDS).flatMap((kind) => ACTIVE_STATES.map((state) => ({ kind, state, count: counts.get(`${kind}/${state}`) ?? 0 })));
    },
    deliveryPending: () => store.outbox.pendingCount(),
    incidentsOpen: () => store.incidents.countOpen(),
    restarts() {
      const { rows, lastId } = store.audit.restartsSince(tally.cursor);
      tally.add(rows, lastId);
      return tally.read();
    },
  };
}
