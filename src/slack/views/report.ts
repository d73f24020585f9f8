/** `/teach report`: the summary posted beside the uploaded Markdown file. Pure. */
import type { WrittenReport } from '../../ops/report.js';
import type { Translate } from '../../i18n/index.js';
import { context, esc, header, message, section, type SlackMessage } from './blocks.js';
import { stateEmoji } from './emoji.js';
import { hostLine, stateLabel } from './format.js';
import { logSummaryText } from './logs.js';
import { statusSummary } from './status.js';

export function reportSummaryMessage(r: WrittenReport, fileName: string, tr: Translate): SlackMessage {
  const s = r.view.status;
  const services = s.services.map((x) => `${stateEmoji(x.state)} *${esc(x.name)}* ${stateLabel(x.state, tr)}`).join('\n');
  const logs = r.view.logs.map((l) => `${esc(l.service)}: ${logSummaryText(l.summary, tr)}`).join('\n');
  const head = tr('slack.report_title', { name: s.name });
  return message(`${head}: ${statusSummary(s, tr)}`, [
    header(head),
    section(services || tr('slack.no_services')),
    context([hostLine(s, tr)]),
    section(logs || tr('common.none')),
    context([tr('slack.report_file', { file: esc(fileName) })]),
  ]);
}
