/**
 * The alert message's sections as small pure functions (headline, summary, cause, context, actions), so every
 * alert source (teachops' own rules, Alertmanager's alerts) composes the same message from the parts it has.
 * Text comes described (src/monitor/describe.ts, Slack formatters): people are mentions, times date tokens, and
 * text from outside the catalogue is already escaped, so nothing here escapes it again.
 */
import type { ActionsBlock, Button, ContextBlock, PlainTextOption, SectionBlock, StaticSelect } from '@slack/types';
import type { Config } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import type { AlertText, Formatters } from '../../monitor/describe.js';
import { SERVICE_KINDS } from '../../monitor/keys.js';
import type { AlertRow, SilenceMode } from '../../store/alerts.js';
import { button, context, esc, LIMITS, plain, section, slackTime } from './blocks.js';
import { alertButtonValue, silenceOptionValue } from './alert-values.js';

export const ALERT_ACK_ACTION = 'alert_ack';
export const ALERT_RESTART_ACTION = 'alert_restart';
export const ALERT_RUNBOOK_ACTION = 'alert_runbook';
export const ALERT_SILENCE_ACTION = 'alert_silence';
export const ALERT_UNSILENCE_ACTION = 'alert_unsilence';

/** People as mentions, times in each reader's own time zone, outside text escaped. */
export const slackFormat: Formatters = {
  who: (label) => (label.startsWith('slack:') ? `<@${label.slice(6)}>` : esc(label.replace(/^cli:/, ''))),
  at: (ms) => slackTime(ms, '{date_short_pretty} {time}'),
  text: esc,
};

const SILENCES: readonly SilenceMode[] = ['1h', '4h', 'resolved'];

export function alertEmoji(a: AlertRow): string {
  if (a.state === 'resolved') return ':white_check_mark:';
  if (a.state === 'acknowledged') return ':large_yellow_circle:';
  if (a.silence !== null) return ':no_bell:';
  return a.escalation !== null ? ':boom:' : ':red_circle:';
}

/** What happened now, bold, as mrkdwn (a header block is plain text and would not render a mention). */
export function headlineSection(a: AlertRow, d: AlertText): SectionBlock {
  return section(`${alertEmoji(a)} *${d.headline}*`, { block_id: `alert:${a.id}:headline` });
}

/** The reading against its threshold, where, since when (the current firing) and the state. */
export function summarySection(a: AlertRow, d: AlertText, config: Pick<Config, 'locale'>): SectionBlock {
  const tr = translator(config.locale);
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` });
  return section(`*${tr('alerts.field_value')}*: ${d.value}`, {
    block_id: `alert:${a.id}:summary`,
    fields: [field(tr('alerts.field_where'), d.where), field(tr('alerts.field_since'), slackFormat.at(a.fired_at)), field(tr('alerts.field_state'), d.state)],
  });
}

/** The cause it knows, so the responder need not open the thread; none when nothing is known. */
export function causeSection(a: AlertRow, d: AlertText, config: Pick<Config, 'locale'>): SectionBlock | undefined {
  if (d.cause.length === 0) return undefined;
  const tr = translator(config.locale);
  return section(`*${tr('alerts.field_cause')}*\n${d.cause.map((l) => `• ${l}`).join('\n')}`, { block_id: `alert:${a.id}:cause` });
}

/** Fire count, acknowledged, resolved and silenced lines, then the alert's id and key. */
export function contextBlock(a: AlertRow, d: AlertText): ContextBlock {
  return context([...d.status, `#${a.id} · \`${esc(a.key)}\``]);
}

/** The buttons of an alert that is still active; a resolved alert has none. */
export function alertActions(a: AlertRow, config: Pick<Config, 'locale'>): ActionsBlock | undefined {
  if (a.state === 'resolved') return undefined;
  const tr = translator(config.locale);
  const elements: (Button | StaticSelect)[] = [];
  if (a.state === 'firing') elements.push(button({ actionId: ALERT_ACK_ACTION, text: tr('alerts.button_ack'), value: alertButtonValue(a.id), style: 'primary' }));
  // An Alertmanager alert that names a service of this host can restart it too.
  if (a.service !== null && (SERVICE_KINDS.includes(a.kind) || a.kind === 'alertmanager')) {
    elements.push(button({ actionId: ALERT_RESTART_ACTION, text: tr('alerts.button_restart', { service: a.service }), value: alertButtonValue(a.id, a.service) }));
  }
  elements.push(button({ actionId: ALERT_RUNBOOK_ACTION, text: tr('alerts.button_runbook'), value: alertButtonValue(a.id) }));
  if (a.silence === null) {
    const options: PlainTextOption[] = SILENCES.map((m) => ({ text: plain(tr(`alerts.silence_${m}`), 75), value: silenceOptionValue(a.id, m) }));
    elements.push({ type: 'static_select', action_id: ALERT_SILENCE_ACTION, placeholder: plain(tr('alerts.silence_placeholder'), 150), options });
  } else {
    elements.push(button({ actionId: ALERT_UNSILENCE_ACTION, text: tr('alerts.button_unsilence'), value: alertButtonValue(a.id) }));
  }
  return { type: 'actions', block_id: `alert:${a.id}:actions`, elements: elements.slice(0, LIMITS.actionsElements) };
}
