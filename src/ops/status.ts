/**
 * The status of every service (or one) and of the host, as plain data: rendered by the CLI (table or --json) and by
 * Slack (Block Kit). Everything is sampled concurrently; no systeminformation here (its first sample costs 500 ms).
 * The JSON shape (snake_case) is documented in the README and stable.
 */
import { readSlackHealth, type SlackHealthRecord } from './slack-health.js';
import type { OpsContext } from './types.js';
import type { ServiceRuntime } from '../supervisor/types.js';
import { checkHealth, type HealthResult } from '../probes/health.js';
import type { GroupUsage } from '../probes/process.js';
import { processGroupUsageOnce } from '../probes/process-once.js';
import { groupsMembers } from '../util/proc.js';
import { systemSample, type CpuTimes, type SystemSample } from '../probes/system.js';
import { connectionCounts } from '../probes/connections.js';
import { assertKnownService } from './services.js';
import { probeWritable, type StoreProblem } from '../store/index.js';
import type { HostSampleData, SampleRow } from '../store/samples.js';
import { freshReadings, serviceReading } from './status-readings.js';

export type DisplayState = 'running' | 'unhealthy' | 'stopped' | 'crashed' | 'orphaned' | 'stale' | 'fatal';

export interface ServiceStatus {
  name: string;
  title: string;
  state: DisplayState;
  desired: 'running' | 'stopped' | null;
  pid: number | null;
  started_at: number | null;
  uptime_ms: number | null;
  port: number | null;
  connections: number | null;
  cpu_percent: number | null;
  memory_rss_bytes: number | null;
  memory_percent: number | null;
  health: { ok: boolean; status: number | null; latency_ms: number; error: string | null } | null;
  restarts: number;
  last_exit_code: number | null;
  reason: string | null;
  overrides: Record<string, string> | null;
  /** running with its `fallback` (the overrides above); stays so across restarts until switched back */
  fallback: boolean;
  /** orphaned: the processes its dead main process left behind */
  orphans: { pid: number; command: string }[] | null;
}

export interface SystemStatus {
  cpu_percent: number;
  memory_percent: number;
  memory_used_bytes: number;
  memory_total_bytes: number;
  load_average: [number, number, number];
  disks: { mount: string; percent: number; used_bytes: number; total_bytes: number }[];
}

export interface StatusReport {
  name: string;
  generated_at: number;
  services: ServiceStatus[];
  system: SystemStatus;
  /** every service desired running is running and healthy (the CLI exits 3 when not) */
  ok: boolean;
  /** services desired running that are not running */
  down: string[];
  /** set while the running daemon cannot deliver to Slack (token refused, unreachable): alerts are on its console */
  slack?: Exclude<SlackHealthRecord, { state: 'ok' }>;
  /** services desired running that run but fail their health check */
  unhealthy: string[];
  /** set while the state database refuses writes (disk full, locked, read-only): what is wrong with it */
  store?: { file: string; why: string };
  /**
   * How old (ms) the oldest reading shown is, when CPU, memory or health come from `teach run`'s last monitor round
   * instead of being measured by this status; null when everything was measured now.
   */
  readings_age_ms: number | null;
}

export interface CollectOptions {
  /** false: measure everything now (after a change this bot made, the last round's readings are out of date) */
  reuse?: boolean;
}

const CPU_KEY = 'system.cpu_times';
/** A stored /proc/stat read younger than this gives CPU % without waiting. */
const CPU_MAX_AGE_MS = 10 * 60_000;
/** The shortest window CPU % is measured over (systemSample's own two-read wait is the same 100 ms). */
const CPU_MIN_AGE_MS = 100;
/**
 * A stored read younger than this is left in place rather than replaced: the next status then measures over a
 * window of at least this much, and a burst of `teach status` runs does not write (and checkpoint) the database
 * on every run. The daemon refreshes the read on every monitor tick anyway.
 */
const CPU_REFRESH_MS = 5_000;

export async function collectStatus(ctx: OpsContext, service?: string, opts: CollectOptions = {}): Promise<StatusReport> {
  if (service) assertKnownService(ctx.config, service);
  // The waits go first. The TCP tables (the kernel walks its whole connection hash table for each: a few ms) are read
  // while the runtime state is read (which may open the store), and the health round trips are in flight while this
  // thread scans /proc (once for every group, not once per service).
  const ports = (service ? [service] : ctx.config.serviceNames).flatMap((n) => ctx.config.services[n]!.port ?? []);
  const connections = connectionCounts(ports);
  const runtimes = ctx.supervisor.runtime(service);
  // What the monitor measured on its last round, where fresh, instead of measuring again (status-readings.ts).
  const readings = opts.reuse === false ? undefined : freshReadings(ctx);
  const reused = runtimes.map((r) => (readings ? serviceReading(readings, r, Boolean(ctx.config.services[r.name]!.health)) : undefined));
  const health = runtimes.map((r, i) => (reused[i] ? Promise.resolve(reused[i].health) : healthOf(ctx, r)));
  const measured = runtimes.filter((r, i) => r.state === 'running' && !reused[i]);
  // Node connects on the next tick and sends on connect: one turn of the event loop puts the requests on the wire,
  // so the services answer while this thread scans /proc below (else the scan runs first and the checks after it).
  if (ctx.shortLived && measured.length > 0) await new Promise<void>((res) => setImmediate(res));
  const pgids = measured.flatMap((r) => (r.pgid !== null ? [r.pgid] : []));
  // One /proc pass lists every group (a pass reads every process's stat file: once per service cost a daemon with
  // 30 services most of its /teach status time; issue 14).
  const members = pgids.length > 0 ? listedMembers(pgids) : undefined;
  // Read-only from here on when the database refuses writes: status answers whatever the store does.
  const storeProblem = writeProblem(ctx);
  const [services, system, conns] = await Promise.all([
    Promise.all(runtimes.map((r, i) => serviceStatus(ctx, r, health[i]!, reused[i]?.usage, members))),
    sampleSystem(ctx, storeProblem === undefined, readings?.host),
    connections,
  ]);
  for (const s of services) if (s.port !== null && s.state !== 'stopped') s.connections = conns[s.port]?.established ?? 0;
  const wanted = services.filter((s) => s.desired === 'running');
  const down = wanted.filter((s) => s.state !== 'running' && s.state !== 'unhealthy').map((s) => s.name);
  const unhealthy = wanted.filter((s) => s.state === 'unhealthy').map((s) => s.name);
  const times = [...reused.flatMap((x) => (x ? [x.at] : [])), ...(system.reading !== undefined ? [system.reading] : [])];
  const now = ctx.clock.now();
  return {
    name: ctx.config.name,
    generated_at: now,
    services,
    system: {
      cpu_percent: round1(system.cpuPercent),
      memory_percent: round1(system.memory.percent),
      memory_used_bytes: system.memory.usedBytes,
      memory_total_bytes: system.memory.totalBytes,
      load_average: system.loadAverage,
      disks: system.disks.map((d) => ({ mount: d.mount, percent: round1(d.percent), used_bytes: d.usedBytes, total_bytes: d.totalBytes })),
    },
    ok: down.length === 0 && unhealthy.length === 0,
    down,
    unhealthy,
    ...slackField(ctx),
    ...(storeProblem ? { store: { file: storeProblem.file, why: storeProblem.why } } : {}),
    readings_age_ms: times.length > 0 ? Math.max(0, now - Math.min(...times)) : null,
  };
}

/**
 * Why the state database would refuse a write now. The daemon knows (it is holding writes); a CLI looks without
 * writing (probeWritable): a locked database would otherwise keep it waiting on its busy timeout.
 */
function writeProblem(ctx: OpsContext): StoreProblem | undefined {
  const store = ctx.store;
  if (store.writes.holds) return store.problem();
  return probeWritable(store.db, store.file, ctx.config.locale);
}

function slackField(ctx: OpsContext): Pick<StatusReport, 'slack'> {
  const slack = readSlackHealth(ctx.store);
  return slack ? { slack } : {};
}

/** The health check of a running service that has one (checkHealth never rejects: failures are results). */
function healthOf(ctx: OpsContext, r: ServiceRuntime): Promise<HealthResult | null> {
  const check = ctx.config.services[r.name]!.health;
  return r.state === 'running' && r.pid !== null && check ? checkHealth(check, undefined, ctx.config.locale) : Promise.resolve(null);
}

async function serviceStatus(
  ctx: OpsContext,
  r: ServiceRuntime,
  healthCheck: Promise<HealthResult | null>,
  reading: GroupUsage | undefined,
  members: Map<number, number[]> | undefined,
): Promise<ServiceStatus> {
  const svc = ctx.config.services[r.name]!;
  const stats = ctx.store.stats.get(r.name);
  const running = r.state === 'running' && r.pid !== null;
  const [health, usage] = await Promise.all([
    healthCheck,
    reading ?? (running && r.pgid !== null ? groupUsage(ctx, r.pgid, members?.get(r.pgid)).catch(() => null) : Promise.resolve(null)),
  ]);
  let state: DisplayState = r.state;
  if (stats.fatal && r.state !== 'running') state = 'fatal';
  else if (running && health && !health.ok) state = 'unhealthy';
  return {
    name: r.name,
    title: svc.title,
    state,
    desired: r.desired ?? null,
    pid: running ? r.pid : null,
    started_at: running ? r.started_at : null,
    uptime_ms: running && r.started_at ? Math.max(0, ctx.clock.now() - r.started_at) : null,
    port: r.port,
    connections: null,
    cpu_percent: usage ? round1(usage.cpu) : null,
    memory_rss_bytes: usage ? usage.rssBytes : null,
    memory_percent: usage ? round1(usage.memPercent) : null,
    health: health ? { ok: health.ok, status: health.status ?? null, latency_ms: health.latencyMs, error: health.error ?? null } : null,
    restarts: stats.restarts,
    last_exit_code: stats.last_exit_code,
    reason: r.reason ?? null,
    overrides: r.overrides ?? null,
    fallback: r.fallback === true,
    orphans: r.orphans ?? null,
  };
}

/** Group members from one /proc pass; on failure each group is listed (and its error caught) on its own. */
function listedMembers(pgids: number[]): Map<number, number[]> | undefined {
  try {
    return groupsMembers(pgids);
  } catch {
    return undefined;
  }
}

async function groupUsage(ctx: OpsContext, pgid: number, members: number[] | undefined): Promise<GroupUsage> {
  if (ctx.shortLived) return processGroupUsageOnce(pgid, members);
  // Long-lived processes keep a per-process history, which gives the CPU share since the previous read.
  const { processGroupUsage } = await import('../probes/process.js');
  return processGroupUsage(pgid, Date.now, members);
}

/**
 * CPU % against the last /proc/stat read any teachops process stored (the daemon stores one every interval). A read
 * younger than the minimum window is still used, after waiting out the rest of the window; the new read is stored
 * only when the stored one is missing or stale, so most runs leave the database untouched.
 */
async function sampleSystem(ctx: OpsContext, mayWrite: boolean, fresh: SampleRow<HostSampleData> | undefined): Promise<SystemSample & { reading?: number }> {
  const stored = ctx.store.kv.get<CpuTimes>(CPU_KEY);
  // The monitor's last round measured CPU % over its own interval (and stored the read it ended on): no window here.
  if (fresh && stored) {
    const sample = await systemSample({ mounts: ctx.config.monitor.disks, cpu: { percent: fresh.data.cpu_percent, times: stored.value } });
    return { ...sample, reading: fresh.at };
  }
  const age = stored ? ctx.clock.now() - stored.updated_at : Infinity;
  const usable = stored !== undefined && age >= 0 && age <= CPU_MAX_AGE_MS;
  // A real timer, like systemSample's own wait: the window is real time on the host, whatever clock ctx runs on.
  if (usable && age < CPU_MIN_AGE_MS) await new Promise<void>((res) => setTimeout(res, CPU_MIN_AGE_MS - age));
  const sample = await systemSample({ mounts: ctx.config.monitor.disks, ...(usable ? { previous: stored.value } : {}) });
  if (mayWrite && (!usable || age >= CPU_REFRESH_MS)) ctx.store.kv.set(CPU_KEY, sample.cpuTimes, ctx.clock.now());
  return sample;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
