/**
 * `/teach monitor`: the full view (monitor_services.sh full): the status sections, processes per service, host
 * resources in detail, connections per port and the log summary per service. Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { FullView } from '../../ops/monitor.js';
import type { Translate } from '../../i18n/index.js';
import { formatBytes } from '../../config/units.js';
import { codeBlock, context, divider, esc, header, message, section, slackTime, type SlackMessage } from './blocks.js';
import { stateEmoji } from './emoji.js';
import { cpuText, healthText, hostLine, memText, stateLabel, statusFallback, uptimeText } from './format.js';
import { logSummaryText } from './logs.js';

export function monitorMessage(v: FullView, tr: Translate): SlackMessage {
  const s = v.status;
  const blocks: KnownBlock[] = [header(tr('slack.monitor_title', { name: s.name }))];
  const svcLines = s.services.map(
    (x) =>
      `${stateEmoji(x.state)} *${esc(x.name)}* ${stateLabel(x.state, tr)} · pid ${x.pid ?? '–'} · ${uptimeText(x)} · CPU ${cpuText(x)} · ${memText(x)} · ${esc(healthText(x, tr))} · ${tr('slack.restarts', { n: x.restarts })}`,
  );
  blocks.push(section(svcLines.join('\n') || tr('slack.no_services')));
  blocks.push(context([hostLine(s, tr)]), divider());

  const procLines = v.processes.flatMap((p) => [`*${esc(p.service)}*: ${p.pids.length === 0 ? tr('common.none') : ''}`, ...p.pids.map((q) => `  ${q.pid}  ${q.command.slice(0, 120)}`)]);
  blocks.push(section(`*${tr('report.processes')}*`), section(codeBlock(procLines.map((l) => l.replace(/\*/g, '')))));

  const sys = v.system;
  const sysLines =
    'error' in sys
      ? [tr('report.system_error', { error: sys.error })]
      : [
          tr('report.cpu', { cpu: sys.cpu.percent.toFixed(1), cores: sys.cpu.perCore.map((c) => c.toFixed(0)).join(' / ') }),
          tr('report.memory', { pct: sys.memory.percent.toFixed(1), used: formatBytes(sys.memory.usedBytes), total: formatBytes(sys.memory.totalBytes) }),
          ...sys.disks.slice(0, 15).map((d) => tr('report.disk', { mount: d.mount, pct: d.percent.toFixed(1), used: formatBytes(d.usedBytes), size: formatBytes(d.sizeBytes) })),
        ];
  blocks.push(section(`*${tr('report.system')}*\n${sysLines.map(esc).join('\n')}`));

  const connLines = v.connections.map((c) => tr('report.connection', { service: c.service, port: c.port, n: c.established, listening: c.listening ? tr('common.yes') : tr('common.no') }));
  blocks.push(section(`*${tr('report.connections')}*\n${connLines.map(esc).join('\n') || tr('common.none')}`));

  blocks.push(section(`*${tr('report.logs')}*\n${v.logs.map((l) => `*${esc(l.service)}*: ${logSummaryText(l.summary, tr)}`).join('\n') || tr('common.none')}`));
  const problems = v.logs.flatMap((l) => l.summary.problems ?? []);
  if (problems.length > 0) blocks.push(context(problems.slice(0, 10).map(esc)));
  const latest = v.logs.flatMap((l) => l.summary.latest.map((line) => `${l.service}: ${line}`));
  if (latest.length > 0) blocks.push(context([tr('slack.latest_errors')]), section(codeBlock(latest)));
  blocks.push(context([tr('slack.updated_at', { at: slackTime(s.generated_at, '{time_secs}') })]));
  return message(`${tr('slack.monitor_title', { name: s.name })}: ${statusFallback(s, tr)}`, blocks);
}
