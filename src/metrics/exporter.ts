/**
 * The Prometheus exporter of `teach run` (prom-client). Sample-derived series are served from the monitor's last
 * round (published through the SampleSink port): a scrape never probes a service or walks /proc. Counts that live
 * in the state database (active alerts, pending deliveries, open incidents, restarts) are read at scrape through
 * small functions the wiring passes in. Every series carries the `host` label (a registry default label).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MonitorSample, SampleSink } from '../monitor/sample.js';
import { CpuSeconds } from './cpu.js';
import { registerHostMetrics } from './host.js';
import { METRIC } from './names.js';
import type { RestartCount } from './restarts.js';

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

export function createExporter(opts: ExporterOptions): Exporter {
  const registry = new Registry();
  registry.setDefaultLabels({ host: opts.host });
  collectDefaultMetrics({ register: registry });
  const state: { last?: MonitorSample } = {};
  const cpu = new CpuSeconds();
  const registers = [registry];
  const guarded = (source: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      opts.onSourceError?.(source, e);
    }
  };
  const perService = (name: string, help: string, value: (s: MonitorSample['services'][number]) => number | undefined) =>
    new Gauge({
      name, help, labelNames: ['service'], registers,
      collect() {
        this.reset();
        for (const s of state.last?.services ?? []) {
          const v = value(s);
          if (v !== undefined) this.set({ service: s.name }, v);
        }
      },
    });

  new Gauge({ name: METRIC.buildInfo, help: 'teachops version (always 1)', labelNames: ['version'], registers }).set({ version: opts.version }, 1);
  new Gauge({
    name: METRIC.lastSample, help: 'when the monitor last sampled (Unix seconds); scrapes serve that round', registers,
    collect() {
      if (state.last) this.set(state.last.at / 1000);
    },
  });
  perService(METRIC.serviceUp, '1 when the service is running (its verified process is alive), else 0', (s) => (s.state === 'running' ? 1 : 0));
  perService(METRIC.serviceDesiredRunning, '1 when the service should be running (desired state), 0 when an operator stopped it', (s) => (s.desiredRunning ? 1 : 0));
  perService(METRIC.serviceHealthy, 'result of the last health check (1 passed, 0 failed); absent without a check or while not running', (s) => (s.health ? (s.health.ok ? 1 : 0) : undefined));
  perService(METRIC.serviceMemory, 'resident memory of the service process group', (s) => (s.usage ? s.usage.rssBytes : s.state === 'running' ? undefined : 0));
  new Counter({
    name: METRIC.serviceCpu, help: 'CPU time used by the service process group (user + system)', labelNames: ['service'], registers,
    collect() {
      this.reset();
      for (const name of opts.services) this.inc({ service: name }, cpu.seconds(name));
    },
  });
  new Counter({
    name: METRIC.serviceRestarts, help: 'restarts of the service, by the restart policy after a crash (crash) or by a person (operator)', labelNames: ['service', 'reason'], registers,
    collect() {
      this.reset();
      guarded('restarts', () => opts.sources.restarts().forEach((r) => this.inc({ service: r.service, reason: r.reason }, r.count)));
    },
  });
  const duration = new Histogram({ name: METRIC.healthDuration, help: 'time the health checks took', labelNames: ['service'], registers });
  const failures = new Counter({ name: METRIC.healthFailures, help: 'failed health checks', labelNames: ['service'], registers });
  for (const name of opts.healthChecked) {
    duration.zero({ service: name });
    failures.inc({ service: name }, 0);
  }
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
  registerHostMetrics(registers, () => state.last?.system);

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    publish(sample) {
      state.last = sample;
      for (const s of sample.services) {
        if (s.usage?.cpuMs) cpu.add(s.name, s.usage.pids, s.usage.cpuMs);
        if (!s.health) continue;
        duration.observe({ service: s.name }, s.health.latencyMs / 1000);
        if (!s.health.ok) failures.inc({ service: s.name });
      }
    },
  };
}
