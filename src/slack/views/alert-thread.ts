/**
 * Replies in an alert's thread: a history line (acknowledged, restarts, re-firing, resolved ...), the
 * re-notification mentioning `alerts.escalate_to`, and the host snapshot taken when it fired. Mentions the event
 * carries are added by the notifier (slack-post.ts withMentions). Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { Config } from '../../config/types.js';
import { formatDuration } from '../../config/units.js';
import { translator } from '../../i18n/index.js';
import { lineText } from '../../monitor/line-text.js';
import { snapshotText } from '../../monitor/snapshot-text.js';
import type { SnapshotSummary } from '../../monitor/snapshot.js';
import type { AlertRow } from '../../store/alerts.js';
import { codeBlock, context, esc, message, section, type SlackMessage } from './blocks.js';
import { slackFormat } from './alert-sections.js';
import { mention } from './mentions.js';

/** Lines that must stand out when they reach the channel (broadcast) or are a person's action. */
const EMOJI: Record<string, string> = { refired: ':red_circle:', gave_up: ':boom:', incident: ':rotating_light:' };

/**
 * `markup`: args the notifier rendered itself (the incident's title as a link to its message); `plain` is the same
 * line as text, for the notification.
 */
export function noteMessage(config: Pick<Config, 'locale' | 'services'>, code: string, args: Record<string, unknown>, alert?: AlertRow, markup: Record<string, string> = {}): SlackMessage {
  const text = lineText(config, code, args, slackFormat, alert, markup);
  const emoji = EMOJI[code];
  return message(text, [section(emoji ? `${emoji} ${text}` : text)]);
}

/** `duration` as written before migration 8 (a formatted string), or in ms. */
export function renotifyMessage(config: Pick<Config, 'locale' | 'alerts'>, duration: string | number): SlackMessage {
  const tr = translator(config.locale);
  if (typeof duration === 'number') duration = formatDuration(duration);
  const mentions = config.alerts.escalate_to.map(mention).join(' ');
  const text = mentions ? tr('alerts.renotify', { mentions, duration }) : tr('alerts.renotify_no_mentions', { duration });
  return message(text, [section(`:rotating_light: ${text}`)]);
}

export function snapshotMessage(config: Pick<Config, 'locale'>, s: SnapshotSummary): SlackMessage {
  const t = snapshotText(s, config.locale, slackFormat);
  const blocks: KnownBlock[] = [section(`*${t.title}*\n${t.lines.map(esc).join('\n')}`)];
  if (t.logHeading) blocks.push(context([esc(t.logHeading)]), section(codeBlock(t.logLines)));
  return message([t.title, ...t.lines].join('\n'), blocks);
}
