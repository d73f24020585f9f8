/**
 * The Prometheus exporter of `teach run` (prom-client). Two registries, both carrying the `host` label:
 * - the monitor's series (src/metrics/service-metrics.ts), rendered when a round is published through the
 *   SampleSink port: a scrape serves that text and never probes a service, walks /proc or re-renders them;
 * - the live series, rendered at each scrape: counts that live in the state database (active alerts, pending
 *   deliveries, open incidents, restarts), read through small functions the wiring passes in, and prom-client's
 *   default process metrics for teachops itself.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { SampleSink } from '../monitor/sample.js';
import { METRIC } from './names.js';
import type { RestartCount } from './restarts.js';
import { registerServiceMetrics } from './service-metrics.js';

export interface ExporterSources {
  alertsActive(): { kind: string; state: string; count: number }[];
  deliveryPending(): number;
  incidentsOpen(): number;
  restarts(): RestartCount[];
}

export interface ExporterOptions {
  host: string;
  version: string;
  /** configured services, and those with a health check (their failure counters start at 0) */
  services: readonly string[];
  healthChecked: readonly string[];
  sources: ExporterSources;
  /** a source that threw: its series are left out of this scrape */
  onSourceError?: (source: string, e: unknown) => void;
}

export interface Exporter extends SampleSink {
  readonly contentType: string;
  /** the exposition text of every series */
  render(): Promise<string>;
}

// Measured by waiting for a setImmediate at scrape time, so it delays every scrape by the very lag it reports (tens
// of ms on a busy host); nodejs_eventloop_lag_{p50,p90,p99,max}_seconds report the same from perf_hooks for free.
const SCRAPE_DELAYING = ['nodejs_eventloop_lag_seconds'];

export function createExporter(opts: ExporterOptions): Exporter {
  const sampled = new Registry();
  const live = new Registry();
  for (const r of [sampled, live]) r.setDefaultLabels({ host: opts.host });
  const service = registerServiceMetrics(sampled, opts.services, opts.healthChecked);
  // A render that fails (it should not) must not be an unhandled rejection in the daemon: the scrape that awaits
  // it gets the error, and the next round renders afresh.
  const renderSampled = () => {
    const text = sampled.metrics();
    text.catch(() => undefined);
    return text;
  };
  let sampledText = renderSampled();

  collectDefaultMetrics({ register: live });
  for (const name of SCRAPE_DELAYING) live.removeSingleMetric(name);
  const registers = [live];
  const guarded = (source: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      opts.onSourceError?.(source, e);
    }
  };
  new Gauge({ name: METRIC.buildInfo, help: 'teachops version (always 1)', labelNames: ['version'], registers }).set({ version: opts.version }, 1);
  new Counter({
    name: METRIC.serviceRestarts, help: 'restarts of the service, by the restart policy after a crash (crash) or by a person (operator)', labelNames: ['service', 'reason'], registers,
    collect() {
      this.reset();
      guarded('restarts', () => opts.sources.restarts().forEach((r) => this.inc({ service: r.service, reason: r.reason }, r.count)));
    },
  });
  new Gauge({
    name: METRIC.alertsActive, help: 'active teachops alerts by kind and state', labelNames: ['kind', 'state'], registers,
    collect() {
      this.reset();
      guarded('alerts', () => opts.sources.alertsActive().forEach((a) => this.set({ kind: a.kind, state: a.state }, a.count)));
    },
  });
  const count = (name: string, help: string, source: string, read: () => number) =>
    new Gauge({
      name, help, registers,
      collect() {
        this.reset();
        guarded(source, () => this.set(read()));
      },
    });
  count(METRIC.deliveryPending, 'notifications waiting in the outbox to be delivered (Slack, or the console without Slack)', 'delivery', opts.sources.deliveryPending);
  count(METRIC.incidentsOpen, 'incidents not yet resolved', 'incidents', opts.sources.incidentsOpen);

  return {
    contentType: live.contentType,
    async render() {
      const [a, b] = await Promise.all([sampledText, live.metrics()]);
      return `${a}\n${b}`;
    },
    publish(sample) {
      service.record(sample);
      sampledText = renderSampled();
    },
  };
}
