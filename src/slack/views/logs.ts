/** `/teach logs <svc> [lines]`: the last lines (redacted by the ops layer) in a code block, with the error summary. Pure. */
import type { KnownBlock } from '@slack/types';
import type { LogView } from '../../ops/logs.js';
import type { LogScan } from '../../probes/logs.js';
import type { Translate } from '../../i18n/index.js';
import { countParams } from '../../probes/error-summary.js';
import { codeBlock, context, esc, header, LIMITS, message, section, type SlackMessage } from './blocks.js';

export function logSummaryText(s: LogScan, tr: Translate): string {
  return tr('slack.log_summary', { counts: tr('probes.log_counts', countParams(s)) });
}

export function logsMessage(v: LogView, tr: Translate): SlackMessage {
  const blocks: KnownBlock[] = [header(tr('slack.logs_title', { service: v.service, n: v.lines.length }))];
  if (v.lines.length === 0) blocks.push(section(tr('slack.logs_empty', { file: esc(v.file) })));
  else {
    const block = codeBlock(v.lines);
    blocks.push(section(block));
    // codeBlock keeps the end; say so when the start had to go to fit Slack's 3000-character section.
    if (v.lines.join('\n').length > LIMITS.sectionText - 10) blocks.push(context([tr('slack.logs_clipped')]));
  }
  blocks.push(context([logSummaryText(v.summary, tr)]));
  if (v.summary.problems?.length) blocks.push(context(v.summary.problems.slice(0, 5).map(esc)));
  if (v.summary.latest.length > 0) {
    blocks.push(context([tr('slack.latest_errors')]));
    blocks.push(section(codeBlock(v.summary.latest)));
  }
  const text = `${tr('slack.logs_title', { service: v.service, n: v.lines.length })}\n${v.lines.slice(-20).join('\n')}`;
  return message(text, blocks);
}
