/**
 * The alert message: what, where, since when, the reading against its threshold, and its state, with the buttons
 * Acknowledge, Restart <svc> (service alerts), Start runbook and Silence (1 h, 4 h, until resolved). The notifier
 * renders it from the alert's current row at delivery, so every edit shows the latest state. Pure.
 */
import type { ActionsBlock, Button, KnownBlock, PlainTextOption, StaticSelect } from '@slack/types';
import type { Config } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { SERVICE_KINDS } from '../../monitor/keys.js';
import { describeAlert, type Formatters } from '../../monitor/describe.js';
import type { AlertRow, SilenceMode } from '../../store/alerts.js';
import { button, context, esc, header, LIMITS, message, plain, section, slackTime, type SlackMessage } from './blocks.js';
import { alertButtonValue, silenceOptionValue } from './alert-values.js';

export const ALERT_ACK_ACTION = 'alert_ack';
export const ALERT_RESTART_ACTION = 'alert_restart';
export const ALERT_RUNBOOK_ACTION = 'alert_runbook';
export const ALERT_SILENCE_ACTION = 'alert_silence';
export const ALERT_UNSILENCE_ACTION = 'alert_unsilence';

/** People as mentions, times in each reader's own time zone. */
export const slackFormat: Formatters = {
  who: (label) => (label.startsWith('slack:') ? `<@${label.slice(6)}>` : esc(label.replace(/^cli:/, ''))),
  at: (ms) => slackTime(ms, '{date_short_pretty} {time}'),
};

const SILENCES: readonly SilenceMode[] = ['1h', '4h', 'resolved'];

export function alertEmoji(a: AlertRow): string {
  if (a.state === 'resolved') return ':white_check_mark:';
  if (a.state === 'acknowledged') return ':large_yellow_circle:';
  return a.silence !== null ? ':no_bell:' : ':red_circle:';
}

export function alertMessage(a: AlertRow, config: Pick<Config, 'locale' | 'services'>, host?: string): SlackMessage {
  const tr = translator(config.locale);
  const d = describeAlert(a, config, slackFormat, host);
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` });
  const blocks: KnownBlock[] = [
    header(`${alertEmoji(a)} ${d.title}`),
    section(`*${tr('alerts.field_value')}*: ${esc(d.value)}`, {
      block_id: `alert:${a.id}:summary`,
      fields: [
        field(tr('alerts.field_where'), esc(d.where)),
        // the current firing; a re-opened alert's first one is in its status line
        field(tr('alerts.field_since'), slackFormat.at(a.fired_at)),
        field(tr('alerts.field_state'), d.state),
      ],
    }),
    context([...d.status, `#${a.id} · \`${esc(a.key)}\``]),
  ];
  const actionsBlock = alertActions(a, config);
  if (actionsBlock) blocks.push(actionsBlock);
  return message(`${d.state}: ${d.title}: ${d.value}`, blocks);
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
  } else if (a.kind === 'alertmanager') {
    // Its silence lives in Alertmanager: Unsilence expires it there.
    elements.push(button({ actionId: ALERT_UNSILENCE_ACTION, text: tr('alerts.button_unsilence'), value: alertButtonValue(a.id) }));
  }
  return { type: 'actions', block_id: `alert:${a.id}:actions`, elements: elements.slice(0, LIMITS.actionsElements) };
}
