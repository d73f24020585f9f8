/** Formatting shared by the views: state labels (from i18n/states.ts) and the dashes for values that do not apply. Pure. */
import type { ServiceStatus, StatusReport } from '../../ops/status.js';
import type { Translate } from '../../i18n/index.js';
import { stateLabel } from '../../i18n/states.js';
import { hostLineParams } from '../../ops/status-text.js';
import { formatBytes, formatDuration } from '../../config/units.js';

export { stateLabel };

export const DASH = '–';

export function healthText(s: ServiceStatus, tr: Translate): string {
  if (s.health === null) return DASH;
  return s.health.ok ? tr('slack.health_ok', { ms: s.health.latency_ms }) : tr('slack.health_failed', { error: s.health.error ?? `HTTP ${s.health.status ?? '?'}` });
}

export const uptimeText = (s: ServiceStatus) => (s.uptime_ms === null ? DASH : formatDuration(s.uptime_ms));
export const cpuText = (s: ServiceStatus) => (s.cpu_percent === null ? DASH : `${s.cpu_percent.toFixed(1)}%`);
export const memText = (s: ServiceStatus) => (s.memory_rss_bytes === null ? DASH : `${formatBytes(s.memory_rss_bytes)}${s.memory_percent === null ? '' : ` (${s.memory_percent.toFixed(1)}%)`}`);

export function hostLine(r: StatusReport, tr: Translate): string {
  return tr('slack.host_line', hostLineParams(r, tr));
}

/** One line per service for the plain-text fallback: "llm: crashed". */
export function statusFallback(r: StatusReport, tr: Translate): string {
  return r.services.map((s) => `${s.name}: ${stateLabel(s.state, tr)}${s.pid === null ? '' : ` (pid ${s.pid})`}`).join(', ');
}
