/**
 * What goes into an incident's thread (a timeline line, the status snapshot, "which service?" buttons, the Switch
 * back offer) and the notify summary. Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import type { StatusReport } from '../../ops/status.js';
import { currentPhase } from '../../incidents/progress.js';
import { localize, who } from '../../incidents/text.js';
import { eventText } from '../../incidents/timeline-text.js';
import type { Incident, TimelineEvent } from '../../incidents/types.js';
import { overridesText } from '../../incidents/actions/index.js';
import { actions, button, context, esc, message, section, slackTime, type SlackMessage } from './blocks.js';
import { stateEmoji } from './emoji.js';
import { healthText, hostLine, stateLabel, statusFallback } from './format.js';
import { mentions } from './mentions.js';
import { INCIDENT_PICK_ACTION, INCIDENT_SWITCH_BACK_ACTION, serviceValue } from './incident-values.js';

export function eventMessage(e: TimelineEvent, inc: Incident, locale: Locale): SlackMessage {
  const slack = eventText({ ...e, text: e.text === null ? null : esc(e.text) }, { ...inc, title: esc(inc.title) }, locale, 'slack');
  return message(esc(eventText(e, inc, locale, 'plain')), [section(slack)]);
}

export function statusSnapshotMessage(r: StatusReport, locale: Locale): SlackMessage {
  const tr = translator(locale);
  const lines = r.services.map((s) => `${stateEmoji(s.state)} *${esc(s.name)}* ${stateLabel(s.state, tr)}${s.pid === null ? '' : ` · pid ${s.pid}`} · ${esc(healthText(s, tr))}`);
  const blocks: KnownBlock[] = [section(`${tr('incidents.thread_status')}\n${lines.join('\n') || tr('common.none')}`), context([hostLine(r, tr)])];
  return message(`${tr('incidents.thread_status').replace(/\*/g, '')}: ${statusFallback(r, tr)}`, blocks);
}

export function chooseMessage(inc: Incident, p: { step: string; purpose: 'restart' | 'fallback'; services: string[] }, locale: Locale): SlackMessage {
  const tr = translator(locale);
  const question = tr(p.purpose === 'restart' ? 'incidents.thread_choose_restart' : 'incidents.thread_choose_fallback');
  const key = p.purpose === 'restart' ? 'incidents.btn_restart_svc' : 'incidents.btn_fallback_svc';
  // One section per service: action ids must be unique within a block, and the route is one action id.
  const rows = p.services.map((svc) =>
    section(`• *${esc(svc)}*`, { block_id: `pick:${p.step}:${svc}`, accessory: button({ actionId: INCIDENT_PICK_ACTION, text: tr(key, { service: svc }), value: serviceValue(inc.id, p.step, svc) }) }),
  );
  return message(question, [section(question), ...rows]);
}

export function switchBackMessage(inc: Incident, p: { step: string; service: string; overrides: Record<string, string> }, locale: Locale): SlackMessage {
  const tr = translator(locale);
  const text = tr('incidents.thread_switch_back', { service: p.service, overrides: overridesText(p.overrides) });
  const b = button({ actionId: INCIDENT_SWITCH_BACK_ACTION, text: tr('incidents.btn_switch_back', { service: p.service }), value: serviceValue(inc.id, p.step, p.service) });
  return message(text, [section(esc(text)), actions(`switch:${p.step}`, [b])]);
}

export function notifySummary(inc: Incident, mention: string[], locale: Locale): SlackMessage {
  const tr = translator(locale);
  const phase = currentPhase(inc);
  const params = {
    // Markup, never escaped: `&lt;!here&gt;` would notify nobody.
    mentions: mention.length ? `${mentions(mention)} ` : '',
    id: inc.id,
    title: esc(inc.title),
    lead: who(inc.lead, 'slack', locale),
    started: slackTime(inc.started_at, '{date_short} {time}'),
    phase: phase ? `${localize(phase.title, locale)} (${tr('incidents.phase_due', { due: slackTime(phase.due_at) })})` : tr('incidents.all_done'),
    alerts: inc.alerts.map((a) => `\`${esc(a.key)}\``).join(', ') || tr('common.none'),
  };
  const text = tr('incidents.notify_text', params);
  const plain = tr('incidents.notify_text', { ...params, lead: who(inc.lead, 'plain', locale), started: new Date(inc.started_at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC', phase: phase ? localize(phase.title, locale) : tr('incidents.all_done') });
  // Mentions only notify people when they are in the top-level `text` as well.
  return message(plain, [section(text)]);
}
