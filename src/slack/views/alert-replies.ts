/**
 * What a click on an alert button is told when it changed nothing (already acknowledged, resolved, not silenced,
 * a restart already running): ephemeral answers with people as mentions and times as date tokens, never escaped.
 * Pure.
 */
import type { Config } from '../../config/types.js';
import { markup, tEscaped, type MarkupParams, type MessageKey } from '../../i18n/index.js';
import type { AlertRow } from '../../store/alerts.js';
import { esc, type SlackMessage } from './blocks.js';
import { infoMessage } from './notice.js';
import { slackFormat } from './alert-sections.js';

/** A catalogue line as mrkdwn: `who` / `at` as markup, every other string escaped. */
export function alertReply(config: Pick<Config, 'locale'>, key: MessageKey, params: MarkupParams): SlackMessage {
  return infoMessage(markup(tEscaped(config.locale, key, params, esc)));
}

export const whoMarkup = (label: string) => markup(slackFormat.who(label));
export const atMarkup = (ms: number) => markup(slackFormat.at(ms));

export function resolvedReply(config: Pick<Config, 'locale'>, key: 'alerts.ack_resolved' | 'alerts.restart_resolved' | 'alerts.unsilence_resolved', a: AlertRow): SlackMessage {
  return alertReply(config, key, { id: a.id, at: atMarkup(a.resolved_at ?? 0) });
}
