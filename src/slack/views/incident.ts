/**
 * The incident message: title, lead, start, linked alerts, the current phase with its deadline, then every phase
 * (due / overdue / complete) with every step, its state and its one button (Done, Run / Run again, Write / Edit),
 * and Take lead / Resolve (with a confirm that warns about open root-cause steps). Pure: rendered from the incident
 * row at each delivery, so an edit always shows the state of that moment.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { Locale } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { assertNever } from '../../errors.js';
import { currentPhase, isOverdue, localize, openRootCauseSteps, stepsOf, who } from '../../incidents/text.js';
import type { Incident, IncidentPhase, IncidentStep } from '../../incidents/types.js';
import { actions, button, confirmDialog, context, esc, header, message, section, slackTime, type SlackMessage } from './blocks.js';
import { FAIL, OK, WARN, WORKING } from './emoji.js';
import {
  INCIDENT_DONE_ACTION, INCIDENT_LEAD_ACTION, INCIDENT_RESOLVE_ACTION, INCIDENT_RUN_ACTION, INCIDENT_WRITE_ACTION, incidentValue, stepValue,
} from './incident-values.js';

const OPEN = ':white_large_square:';

function stepEmoji(s: IncidentStep): string {
  switch (s.state) {
    case 'open':
      return OPEN;
    case 'running':
      return WORKING;
    case 'done':
      return OK;
    case 'failed':
      return FAIL;
    default:
      return assertNever(s.state, 'step state');
  }
}

function stepButton(inc: Incident, s: IncidentStep, locale: Locale): Button | undefined {
  const tr = translator(locale);
  if (inc.state !== 'open' || s.state === 'running') return undefined;
  const value = stepValue(inc.id, s.id);
  switch (s.kind) {
    case 'manual':
      return s.state === 'done' ? undefined : button({ actionId: INCIDENT_DONE_ACTION, text: tr('incidents.btn_done'), value, style: 'primary' });
    case 'run':
      return s.state === 'done' ? undefined : button({ actionId: INCIDENT_RUN_ACTION, text: tr(s.state === 'failed' ? 'incidents.btn_retry' : 'incidents.btn_run'), value, style: 'primary' });
    case 'text':
      return button({ actionId: INCIDENT_WRITE_ACTION, text: tr(s.state === 'done' ? 'incidents.btn_edit' : 'incidents.btn_write'), value });
    default:
      return assertNever(s.kind, 'step kind');
  }
}

export function stepStateText(s: IncidentStep, locale: Locale): string {
  const tr = translator(locale);
  switch (s.state) {
    case 'open':
      return tr('incidents.step_open');
    case 'running':
      return tr('incidents.step_running');
    case 'done':
      return tr('incidents.step_done_by', { who: who(s.by ?? '?', 'slack', locale), when: slackTime(s.at ?? 0) });
    case 'failed':
      return tr('incidents.step_failed', { detail: esc(s.detail ?? '') });
    default:
      return assertNever(s.state, 'step state');
  }
}

function stepBlock(inc: Incident, s: IncidentStep, locale: Locale): KnownBlock {
  let text = `${stepEmoji(s)} *${esc(localize(s.title, locale))}* — ${stepStateText(s, locale)}`;
  if (s.kind === 'text' && s.text) text += `\n>${esc(s.text).replace(/\n/g, '\n>')}`;
  else if (s.state === 'done' && s.detail) text += `\n_${esc(s.detail)}_`;
  const accessory = stepButton(inc, s, locale);
  return section(text, { block_id: `step:${s.id}`, ...(accessory ? { accessory } : {}) });
}

function phaseStatus(inc: Incident, p: IncidentPhase, now: number, locale: Locale): string {
  const tr = translator(locale);
  if (stepsOf(inc, p.id).every((s) => s.state === 'done')) return `${OK} ${tr('incidents.phase_complete')}`;
  if (isOverdue(inc, p, now)) return tr('incidents.phase_overdue', { due: slackTime(p.due_at) });
  return tr('incidents.phase_due', { due: slackTime(p.due_at) });
}

export function incidentMessage(inc: Incident, now: number, locale: Locale): SlackMessage {
  const tr = translator(locale);
  const resolved = inc.state === 'resolved';
  const current = currentPhase(inc);
  const phaseText = current ? `${esc(localize(current.title, locale))} · ${phaseStatus(inc, current, now, locale)}` : tr('incidents.all_done');
  const alerts = inc.alerts.length ? inc.alerts.map((a) => `\`${esc(a.key)}\``).join(', ') : tr('common.none');
  const fields = [
    [tr('incidents.f_lead'), who(inc.lead, 'slack', locale)],
    [tr('incidents.f_started'), slackTime(inc.started_at, '{date_short} {time}')],
    [tr('incidents.f_alerts'), alerts],
    resolved ? [tr('incidents.f_resolved'), `${slackTime(inc.resolved_at ?? now, '{date_short} {time}')} · ${who(inc.resolved_by ?? '?', 'slack', locale)}`] : [tr('incidents.f_phase'), phaseText],
  ].map(([k, v]) => ({ type: 'mrkdwn' as const, text: `*${k}*\n${v}` }));
  const blocks: KnownBlock[] = [
    header(tr(resolved ? 'incidents.msg_header_resolved' : 'incidents.msg_header', { id: inc.id, title: inc.title })),
    section(' ', { fields }),
  ];
  if (!resolved) blocks.push(actions(`incident:${inc.id}`, [button({ actionId: INCIDENT_LEAD_ACTION, text: tr('incidents.btn_take_lead'), value: incidentValue(inc.id) }), resolveButton(inc, locale)]));
  for (const p of inc.phases) {
    const overdue = isOverdue(inc, p, now);
    blocks.push(context([`${overdue ? `${WARN} ` : ''}*${esc(localize(p.title, locale))}* · ${phaseStatus(inc, p, now, locale)}`]));
    for (const s of stepsOf(inc, p.id)) blocks.push(stepBlock(inc, s, locale));
  }
  // The fallback text is parsed by Slack too: an escaped title cannot smuggle in a <!channel>.
  const fallback = tr('incidents.msg_fallback', { id: inc.id, title: esc(inc.title), lead: who(inc.lead, 'plain', locale), phase: current ? localize(current.title, locale) : tr('incidents.all_done') });
  return message(fallback, blocks);
}

function resolveButton(inc: Incident, locale: Locale): Button {
  const tr = translator(locale);
  const open = openRootCauseSteps(inc);
  const text = open.length
    ? tr('incidents.confirm_resolve_open', { steps: open.map((s) => localize(s.title, locale)).join(', ') })
    : tr('incidents.confirm_resolve_text');
  return button({
    actionId: INCIDENT_RESOLVE_ACTION,
    text: tr('incidents.btn_resolve'),
    value: incidentValue(inc.id),
    style: 'danger',
    confirm: confirmDialog({ title: tr('incidents.confirm_resolve_title', { id: inc.id }), text, confirm: tr('incidents.confirm_yes'), deny: tr('incidents.confirm_no'), danger: open.length > 0 }),
  });
}
