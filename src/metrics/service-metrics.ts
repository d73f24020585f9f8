/**
 * The series that come from the monitor's rounds: per-service state, usage and health checks. Their values change
 * only when a round is published, so the exporter renders them then, off the scrape path.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MonitorSample, ServiceSample } from '../monitor/sample.js';
import { CpuSeconds } from './cpu.js';
import { registerHostMetrics } from './host.js';
import { METRIC } from './names.js';

export interface ServiceMetrics {
  /** takes a round: the readings the gauges serve, and the health checks and CPU time it adds to the counters */
  record(sample: MonitorSample): void;
}

export function registerServiceMetrics(registry: Registry, services: readonly string[], healthChecked: readonly string[]): ServiceMetrics {
  const registers = [registry];
  const state: { last?: MonitorSample } = {};
  const cpu = new CpuSeconds();
  const perService = (name: string, help: string, value: (s: ServiceSample) => number | undefined) =>
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
      for (const name of services) this.inc({ service: name }, cpu.seconds(name));
    },
  });
  const duration = new Histogram({ name: METRIC.healthDuration, help: 'time the health checks took', labelNames: ['service'], registers });
  const failures = new Counter({ name: METRIC.healthFailures, help: 'failed health checks', labelNames: ['service'], registers });
  // Zero from the start, so increase() and rate() see the first failure.
  for (const name of healthChecked) {
    duration.zero({ service: name });
    failures.inc({ service: name }, 0);
  }
  registerHostMetrics(registers, () => state.last?.system);

  return {
    record(sample) {
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
