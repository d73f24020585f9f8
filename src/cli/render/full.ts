/** `teach monitor full` for the terminal. Pure. */
import type { FullView } from '../../ops/monitor.js';
import type { Translate } from '../../i18n/index.js';
import { formatBytes } from '../../config/units.js';
import type { Painter } from './color.js';
import { renderStatus } from './status.js';
import { logSummaryLine } from './logs.js';

export function renderFull(v: FullView, tr: Translate, p: Painter): string {
  const out: string[] = [renderStatus(v.status, tr, p), ''];
  out.push(p.bold(tr('report.processes')));
  for (const x of v.processes) {
    out.push(`  ${x.service}: ${x.pids.length ? '' : tr('common.none')}`);
    for (const q of x.pids) out.push(p.dim(`    ${q.pid}  ${q.command.slice(0, 160)}`));
  }
  out.push('', p.bold(tr('report.system')));
  if ('error' in v.system) out.push(`  ${tr('report.system_error', { error: v.system.error })}`);
  else {
    out.push(`  ${tr('report.cpu', { cpu: v.system.cpu.percent.toFixed(1), cores: v.system.cpu.perCore.map((c) => c.toFixed(0)).join(' / ') })}`);
    out.push(`  ${tr('report.memory', { pct: v.system.memory.percent.toFixed(1), used: formatBytes(v.system.memory.usedBytes), total: formatBytes(v.system.memory.totalBytes) })}`);
    for (const d of v.system.disks) out.push(`  ${tr('report.disk', { mount: d.mount, pct: d.percent.toFixed(1), used: formatBytes(d.usedBytes), size: formatBytes(d.sizeBytes) })}`);
  }
  out.push('', p.bold(tr('report.connections')));
  for (const c of v.connections) out.push(`  ${tr('report.connection', { service: c.service, port: c.port, n: c.established, listening: c.listening ? tr('common.yes') : tr('common.no') })}`);
  out.push('', p.bold(tr('report.logs')));
  for (const l of v.logs) {
    out.push(`  ${logSummaryLine(l.service, l.summary, tr)}`);
    for (const line of l.summary.latest) out.push(p.dim(`    ${line.slice(0, 200)}`));
    for (const problem of l.summary.problems ?? []) out.push(p.yellow(`    ${problem}`));
  }
  return out.join('\n');
}
