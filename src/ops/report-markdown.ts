/** The report as Markdown. Pure; every string from the catalogue. */
import { countParams } from '../probes/error-summary.js';
import type { FullView } from './monitor.js';
import type { Locale } from '../config/types.js';
import { translator } from '../i18n/index.js';
import { formatBytes, formatDuration } from '../config/units.js';
import { stateLabel } from '../i18n/states.js';

export function renderReportMarkdown(v: FullView, locale: Locale): string {
  const tr = translator(locale);
  const s = v.status;
  const out: string[] = [];
  out.push(`# ${tr('report.title', { name: s.name })}`, '', tr('report.generated', { at: new Date(s.generated_at).toISOString() }), '');
  out.push(`## ${tr('report.services')}`, '');
  out.push(`| ${[tr('cli.col_service'), tr('cli.col_state'), tr('cli.col_pid'), tr('cli.col_uptime'), tr('cli.col_cpu'), tr('cli.col_mem'), tr('cli.col_health'), tr('cli.col_port'), tr('cli.col_conn'), tr('cli.col_restarts')].join(' | ')} |`);
  out.push(`|${' --- |'.repeat(10)}`);
  for (const x of s.services) {
    out.push(
      `| ${[
        x.name,
        stateLabel(x.state, tr),
        x.pid ?? '-',
        x.uptime_ms === null ? '-' : formatDuration(x.uptime_ms),
        x.cpu_percent === null ? '-' : `${x.cpu_percent}%`,
        x.memory_rss_bytes === null ? '-' : formatBytes(x.memory_rss_bytes),
        x.health === null ? '-' : x.health.ok ? `ok (${x.health.latency_ms} ms)` : (x.health.error ?? 'failed'),
        x.port ?? '-',
        x.connections ?? '-',
        x.restarts,
      ].join(' | ')} |`,
    );
  }
  out.push('', `## ${tr('report.system')}`, '');
  if ('error' in v.system) out.push(tr('report.system_error', { error: v.system.error }));
  else {
    out.push(tr('report.cpu', { cpu: v.system.cpu.percent.toFixed(1), cores: v.system.cpu.perCore.map((c) => c.toFixed(0)).join(' / ') }));
    out.push('', tr('report.memory', { pct: v.system.memory.percent.toFixed(1), used: formatBytes(v.system.memory.usedBytes), total: formatBytes(v.system.memory.totalBytes) }), '');
    for (const d of v.system.disks) out.push(`- ${tr('report.disk', { mount: d.mount, pct: d.percent.toFixed(1), used: formatBytes(d.usedBytes), size: formatBytes(d.sizeBytes) })}`);
  }
  out.push('', `## ${tr('report.connections')}`, '');
  for (const c of v.connections) out.push(`- ${tr('report.connection', { service: c.service, port: c.port, n: c.established, listening: c.listening ? tr('common.yes') : tr('common.no') })}`);
  out.push('', `## ${tr('report.processes')}`, '');
  for (const p of v.processes) {
    out.push(`- **${p.service}**: ${p.pids.length ? '' : tr('common.none')}`);
    for (const x of p.pids) out.push(`  - ${x.pid} \`${x.command.slice(0, 200)}\``);
  }
  out.push('', `## ${tr('report.logs')}`, '');
  for (const l of v.logs) {
    out.push(`- **${l.service}** (${l.file}): ${tr('report.log_counts', { counts: tr('probes.log_counts', countParams(l.summary)) })}`);
    for (const line of l.summary.latest) out.push(`  - \`${line.slice(0, 300)}\``);
    for (const problem of l.summary.problems ?? []) out.push(`  - ${problem}`);
  }
  return out.join('\n') + '\n';
}
