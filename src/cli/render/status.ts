/** `teach status` as an aligned table plus a host line. Pure. */
import type { StatusReport, ServiceStatus } from '../../ops/status.js';
import type { Translate } from '../../i18n/index.js';
import { formatBytes, formatDuration } from '../../config/units.js';
import { table } from './table.js';
import type { Painter } from './color.js';
import { stateLabel } from '../../i18n/states.js';
import { fallbackLine, hostLineParams } from '../../ops/status-text.js';
import { slackHealthLine } from '../../ops/slack-health.js';

function colorState(s: ServiceStatus, label: string, p: Painter): string {
  if (s.state === 'running') return p.green(label);
  if (s.state === 'stopped') return s.desired === 'running' ? p.red(label) : p.dim(label);
  return s.state === 'unhealthy' ? p.yellow(label) : p.red(label);
}

const dash = '-';

export function renderStatus(r: StatusReport, tr: Translate, p: Painter): string {
  const rows = r.services.map((s) => [
    p.bold(s.name),
    colorState(s, stateLabel(s.state, tr), p),
    s.pid === null ? dash : String(s.pid),
    s.uptime_ms === null ? dash : formatDuration(s.uptime_ms),
    s.cpu_percent === null ? dash : `${s.cpu_percent.toFixed(1)}%`,
    s.memory_rss_bytes === null ? dash : formatBytes(s.memory_rss_bytes),
    s.health === null ? dash : s.health.ok ? `ok ${s.health.latency_ms} ms` : p.red(s.health.error ?? 'failed'),
    s.port === null ? dash : String(s.port),
    s.connections === null ? dash : String(s.connections),
    String(s.restarts),
  ]);
  const out = [
    table(
      [
        { header: tr('cli.col_service') },
        { header: tr('cli.col_state') },
        { header: tr('cli.col_pid'), align: 'right' },
        { header: tr('cli.col_uptime'), align: 'right' },
        { header: tr('cli.col_cpu'), align: 'right' },
        { header: tr('cli.col_mem'), align: 'right' },
        { header: tr('cli.col_health') },
        { header: tr('cli.col_port'), align: 'right' },
        { header: tr('cli.col_conn'), align: 'right' },
        { header: tr('cli.col_restarts'), align: 'right' },
      ],
      rows,
    ),
  ];
  for (const s of r.services) {
    if (s.reason) out.push(p.dim(`  ${s.name}: ${s.reason}`));
    if (s.fallback) out.push(p.yellow(`  ${fallbackLine(s, tr)}`));
  }
  out.push('');
  out.push(systemLine(r, tr));
  if (r.slack) out.push(p.yellow(slackHealthLine(r.slack, tr)));
  if (r.store) out.push(p.yellow(tr('store.status_line', r.store)));
  return out.join('\n');
}

export function systemLine(r: StatusReport, tr: Translate): string {
  return tr('cli.system_line', hostLineParams(r, tr));
}
