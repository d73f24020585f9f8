/**
 * The alert message: what happened now (headline), the reading, where and since when, the cause it knows, the
 * status lines, and the buttons Acknowledge, Restart <svc> (service alerts), Start runbook and Silence / Unsilence.
 * The notifier renders it from the alert's current row at delivery, so every edit shows the latest state; the
 * first post also names who must hear it (`mention`). Composed from alert-sections.ts. Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { Config } from '../../config/types.js';
import { describeAlert } from '../../monitor/describe.js';
import type { AlertRow } from '../../store/alerts.js';
import { message, type SlackMessage } from './blocks.js';
import { alertActions, causeSection, contextBlock, headlineSection, slackFormat, summarySection } from './alert-sections.js';
import { mentions } from './mentions.js';
import { section } from './blocks.js';

export {
  ALERT_ACK_ACTION,
  ALERT_RESTART_ACTION,
  ALERT_RUNBOOK_ACTION,
  ALERT_SILENCE_ACTION,
  ALERT_UNSILENCE_ACTION,
  alertActions,
  alertEmoji,
  slackFormat,
} from './alert-sections.js';

export interface AlertMessageOptions {
  host?: string;
  /** who must hear it (mention ids): on the message's first post */
  mention?: readonly string[];
}

export function alertMessage(a: AlertRow, config: Pick<Config, 'locale' | 'services'>, o: AlertMessageOptions | string = {}): SlackMessage {
  const opts = typeof o === 'string' ? { host: o } : o;
  const d = describeAlert(a, config, slackFormat, opts.host);
  const who = opts.mention?.length ? mentions(opts.mention) : '';
  const parts: (KnownBlock | undefined)[] = [
    who ? section(who) : undefined,
    headlineSection(a, d),
    summarySection(a, d, config),
    causeSection(a, d, config),
    contextBlock(a, d),
    alertActions(a, config),
  ];
  // The notification text: mentions first, so the people named are the ones notified.
  return message(`${who ? `${who} ` : ''}${d.headline}: ${d.value}`, parts.filter((b): b is KnownBlock => b !== undefined));
}
