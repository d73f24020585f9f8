/**
 * One sampling round. Readings are taken concurrently; the service state is then read again before the rules see it,
 * because an exit event may have been handled while the round was waiting on health checks (a stale "running"
 * must not resolve the alert that exit just raised).
 */
import type { MonitorContext } from './context.js';
import type { HealthCheck, HealthResult } from '../probes/health.js';
import type { GroupUsage } from '../probes/process.js';
import type { SystemSample } from '../probes/system.js';
import type { MetricsSource } from '../probes/metrics.js';
import { SAMPLE_RETENTION_MS, type ServiceSampleData } from '../store/samples.js';
import type { AlertBook } from './book.js';
import type { SampleSink, ServiceSample } from './sample.js';
import type { ServiceRules } from './services.js';
import type { ThresholdRules } from './thresholds.js';
import type { StorageRules } from './storage.js';

export interface TickDeps {
  ops: MonitorContext;
  metrics: MetricsSource;
  health: (h: HealthCheck) => Promise<HealthResult>;
  rules: ServiceRules;
  thresholds: ThresholdRules;
  /** logs_disk and state_store: the host's own storage */
  storage: StorageRules;
  book: AlertBook;
  operating: (service: string) => boolean;
  /** gets each round's readings (the /metrics exporter) */
  sink?: SampleSink;
  /** runs first in every round: brings back what a killed operation left stopped (interrupted.ts) */
  recover?: () => Promise<void>;
}

/** The key `teach status` reads to compute CPU % without waiting (src/ops/status.ts). */
export const CPU_TIMES_KEY = 'system.cpu_times';
const OUTBOX_RETENTION_MS = 24 * 3_600_000;

export async function sampleTick(d: TickDeps): Promise<void> {
  const { config, store, supervisor, clock } = d.ops;
  await d.recover?.();
  const before = supervisor.runtime();
  const [readings, system] = await Promise.all([
    Promise.all(
      before.map(async (rt) => {
        if (rt.state !== 'running' || rt.pgid === null) return { health: undefined, usage: undefined };
        const svc = config.services[rt.name]!;
        const [health, usage] = await Promise.all([
          svc.health && !d.operating(rt.name) ? d.health(svc.health) : undefined,
          d.metrics.group(rt.pgid).catch(() => undefined),
        ]);
        return { health, usage };
      }),
    ),
    d.metrics.system().catch(() => undefined),
  ]);
  if (!store.db.open) return;
  const now = clock.now();
  const after = new Map(supervisor.runtime().map((r) => [r.name, r]));
  const published: ServiceSample[] = [];
  const rows: [string, ServiceSampleData][] = [];
  before.forEach((old, i) => {
    const rt = after.get(old.name) ?? old;
    // Readings belong to the process they were taken from; a new pid since then has not been checked yet.
    const same = rt.state === 'running' && rt.pid === old.pid;
    const r = readings[i]!;
    const usage: GroupUsage | undefined = same ? r.usage : undefined;
    d.rules.observe(rt, same ? r.health : undefined);
    if (!d.operating(rt.name)) d.thresholds.service(rt.name, usage);
    const health = same ? r.health : undefined;
    rows.push([rt.name, {
      state: rt.state,
      pid: rt.pid,
      cpu_percent: usage ? round1(usage.cpu) : null,
      rss_bytes: usage ? usage.rssBytes : null,
      memory_percent: usage ? round1(usage.memPercent) : null,
      health_ok: health ? health.ok : null,
      health_ms: health ? health.latencyMs : null,
      health_status: health?.status ?? null,
      health_error: health?.error ?? null,
    }]);
    published.push({ name: rt.name, state: rt.state, desiredRunning: rt.desired === 'running', pid: rt.pid, ...(usage ? { usage } : {}), ...(health ? { health } : {}) });
  });
  if (system) d.thresholds.host(system);
  // One transaction for the round's rows (a commit per row was most of an idle daemon's disk work at 30 services);
  // through the store's held-writes layer, so a refused database holds them like any other write.
  store.transaction(() => {
    for (const [name, data] of rows) store.samples.add(name, data, now);
    if (system) hostRows(d, system, now);
    store.samples.prune(now - SAMPLE_RETENTION_MS);
  });
  d.storage.check();
  d.book.sweep();
  store.outbox.prune(now - OUTBOX_RETENTION_MS);
  d.sink?.publish({ at: now, services: published, ...(system ? { system } : {}) });
}

function hostRows(d: TickDeps, s: SystemSample, now: number): void {
  const { store } = d.ops;
  store.kv.set(CPU_TIMES_KEY, s.cpuTimes, now);
  store.samples.add('host', {
    cpu_percent: round1(s.cpuPercent),
    memory_percent: round1(s.memory.percent),
    disks: s.disks.map((x) => ({ mount: x.mount, percent: round1(x.percent) })),
  }, now);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
