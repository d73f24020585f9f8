/**
 * Replies in an alert's thread: a history line (acknowledged, restart scheduled, restarted, resolved ...), the
 * re-notification mentioning `alerts.escalate_to`, and the host snapshot taken when it fired. Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { Config } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { noteText } from '../../notify/describe.js';
import { snapshotText } from '../../notify/snapshot-text.js';
import type { SnapshotSummary } from '../../monitor/snapshot.js';
import { codeBlock, context, esc, message, section, type SlackMessage } from './blocks.js';
import { slackFormat } from './alert.js';

export function noteMessage(config: Pick<Config, 'locale'>, textKey: string, params: Record<string, unknown>): SlackMessage {
  const text = noteText(config.locale, textKey, params, slackFormat, esc);
  return message(text, [section(text)]);
}

export function renotifyMessage(config: Pick<Config, 'locale' | 'alerts'>, duration: string): SlackMessage {
  const tr = translator(config.locale);
  const mentions = config.alerts.escalate_to.join(' ');
  const text = mentions ? tr('alerts.renotify', { mentions, duration }) : tr('alerts.renotify_no_mentions', { duration });
  return message(text, [section(`:rotating_light: ${text}`)]);
}

export function snapshotMessage(config: Pick<Config, 'locale'>, s: SnapshotSummary): SlackMessage {
  const t = snapshotText(s, config.locale, slackFormat);
  const blocks: KnownBlock[] = [section(`*${t.title}*\n${t.lines.map(esc).join('\n')}`)];
  if (t.logHeading) blocks.push(context([esc(t.logHeading)]), section(codeBlock(t.logLines)));
  return message([t.title, ...t.lines].join('\n'), blocks);
}
