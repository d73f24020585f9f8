/**
 * What `teach run`'s monitor measured on its last round (the samples it stores every interval), for `teach status`
 * and `/teach status` to show instead of measuring again: at 30 services a status that probes every health check
 * and waits out a CPU window costs more than everything else it does (issue 14). A reading is used only while it
 * is fresh and belongs to the process running now; the report says how old it is (`readings_age_ms`).
 */
import type { OpsContext } from './types.js';
import type { ServiceRuntime } from '../supervisor/types.js';
import type { HealthResult } from '../probes/health.js';
import type { GroupUsage } from '../probes/process.js';
import type { HostSampleData, SampleRow, ServiceSampleData } from '../store/samples.js';

/**
 * A CLI's allowance past one interval: the monitor's rounds are an interval apart plus the round itself (its health
 * checks), and the CLI may start just before the next round is written.
 */
export const CLI_SLACK_MS = 1000;

export interface Readings {
  /** the host's last reading (CPU %), when fresh */
  host: SampleRow<HostSampleData> | undefined;
  services: Map<string, SampleRow<ServiceSampleData>>;
  now: number;
}

export interface ServiceReading {
  at: number;
  health: HealthResult | null;
  usage: GroupUsage;
}

/**
 * The fresh readings: younger than one monitor interval in the daemon (its own monitor wrote them); one interval
 * plus CLI_SLACK_MS in a CLI. Empty when `teach run` is not running (nothing fresh in the store).
 */
export function freshReadings(ctx: OpsContext): Readings {
  const now = ctx.clock.now();
  const maxAge = ctx.config.monitor.interval + (ctx.shortLived ? CLI_SLACK_MS : 0);
  let rows: Map<string, SampleRow<HostSampleData | ServiceSampleData>>;
  try {
    rows = ctx.store.samples.latestSince(now - maxAge);
  } catch {
    rows = new Map(); // an unreadable store: measure instead
  }
  const host = rows.get('host') as SampleRow<HostSampleData> | undefined;
  rows.delete('host');
  return { host, services: rows as Map<string, SampleRow<ServiceSampleData>>, now };
}

/**
 * The reading of a running service, when it is of the same process and has everything status shows: its usage and,
 * when the service has a health check, that check's result (a round that skipped the check, during an operation,
 * has none: then status checks).
 */
export function serviceReading(readings: Readings, r: ServiceRuntime, hasCheck: boolean): ServiceReading | undefined {
  const row = readings.services.get(r.name);
  if (!row || r.state !== 'running' || r.pid === null) return undefined;
  const s = row.data;
  if (s.state !== 'running' || s.pid !== r.pid || s.cpu_percent === null || s.rss_bytes === null || s.memory_percent == null) return undefined;
  if (hasCheck && (s.health_ok === null || s.health_ms === null)) return undefined;
  const health: HealthResult | null = hasCheck
    ? { ok: s.health_ok === true, latencyMs: s.health_ms ?? 0, ...(s.health_status != null ? { status: s.health_status } : {}), ...(s.health_error != null ? { error: s.health_error } : {}) }
    : null;
  return { at: row.at, health, usage: { cpu: s.cpu_percent, rssBytes: s.rss_bytes, memPercent: s.memory_percent, pids: [] } };
}
