/** `/teach alerts`: each active alert (teachops' own and Alertmanager's, marked by source) with its state and buttons, within Slack's 50-block limit. Pure. */
import type { KnownBlock } from '@slack/types';
import type { Config } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { describeAlert } from '../../monitor/describe.js';
import type { AlertRow } from '../../store/alerts.js';
import { alertActions, alertEmoji, slackFormat } from './alert.js';
import { context, header, message, section, type SlackMessage } from './blocks.js';

/** 1 header + 3 blocks per alert + 1 "more" line stays under 50. */
const MAX_SHOWN = 15;

export function alertListMessage(alerts: AlertRow[], config: Pick<Config, 'locale' | 'services'>, host?: string): SlackMessage {
  const tr = translator(config.locale);
  if (alerts.length === 0) return message(tr('alerts.list_none'), [section(`:white_check_mark: ${tr('alerts.list_none')}`)]);
  const blocks: KnownBlock[] = [header(tr('alerts.list_title', { n: alerts.length }))];
  const lines: string[] = [];
  for (const a of alerts.slice(0, MAX_SHOWN)) {
    const d = describeAlert(a, config, slackFormat, host);
    lines.push(`#${a.id} ${d.state}: ${d.headline}`);
    blocks.push(section(`${alertEmoji(a)} *#${a.id} ${d.headline}*\n${d.value}`));
    blocks.push(context([`${d.state} · ${d.source} · ${slackFormat.at(a.started_at)}`, ...d.status].slice(0, 10)));
    const buttons = alertActions(a, config);
    if (buttons) blocks.push(buttons);
  }
  if (alerts.length > MAX_SHOWN) blocks.push(context([tr('alerts.list_more', { n: alerts.length - MAX_SHOWN })]));
  return message(`${tr('alerts.list_title', { n: alerts.length })}: ${lines.join('; ')}`, blocks);
}
