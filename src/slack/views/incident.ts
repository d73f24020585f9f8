/**
 * The incident message: title, lead, start, linked alerts, the current phase with its deadline, who was notified,
 * then every phase (due / overdue / met / late / skipped) with every step, its state and what can be done with it
 * (Done, Run / Run again, Write / Edit, Skip), and Take lead / Rename / Resolve (with a confirm that warns about
 * open root-cause steps). A step that is not needed (its phase's goal was met) or skipped has no button: a stray
 * "Run again" on a restart would drop the fallback that brought the service back. Pure: rendered from the incident
 * row at each delivery, so an edit always shows the state of that moment.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { Locale } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { assertNever } from '../../errors.js';
import { currentPhase, isOverdue, openRootCauseSteps, phaseOutcome, stepsOf } from '../../incidents/progress.js';
import { localize, who } from '../../incidents/text.js';
import type { Incident, IncidentPhase, IncidentStep } from '../../incidents/types.js';
import { actions, button, confirmDialog, context, esc, header, message, section, slackTime, type SlackMessage } from './blocks.js';
import { FAIL, OK, WARN, WORKING } from './emoji.js';
import {
  INCIDENT_DONE_ACTION, INCIDENT_LEAD_ACTION, INCIDENT_RENAME_ACTION, INCIDENT_RESOLVE_ACTION, INCIDENT_RUN_ACTION, INCIDENT_SKIP_ACTION, INCIDENT_WRITE_ACTION,
  incidentValue, stepValue,
} from './incident-values.js';
import { notifiedText } from './incident-notified.js';

const OPEN = ':white_large_square:';
const SKIPPED = ':fast_forward:';
const NOT_NEEDED = ':heavy_minus_sign:';

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
    case 'skipped':
      return SKIPPED;
    case 'not_needed':
      return NOT_NEEDED;
    default:
      return assertNever(s.state, 'step state');
  }
}

/** The step's main button: what moves it forward, if anything can. */
function mainButton(inc: Incident, s: IncidentStep, locale: Locale): Button | undefined {
  const tr = translator(locale);
  const value = stepValue(inc.id, s.id);
  const open = s.state === 'open' || s.state === 'failed';
  switch (s.kind) {
    case 'manual':
      return open ? button({ actionId: INCIDENT_DONE_ACTION, text: tr('incidents.btn_done'), value, style: 'primary' }) : undefined;
    case 'run':
      return open ? button({ actionId: INCIDENT_RUN_ACTION, text: tr(s.state === 'failed' ? 'incidents.btn_retry' : 'incidents.btn_run'), value, style: 'primary' }) : undefined;
    case 'text':
      // A skipped note may still be written later; a written one edited.
      return s.state === 'running' || s.state === 'not_needed' ? undefined : button({ actionId: INCIDENT_WRITE_ACTION, text: tr(s.state === 'done' ? 'incidents.btn_edit' : 'incidents.btn_write'), value });
    default:
      return assertNever(s.kind, 'step kind');
  }
}

function stepButtons(inc: Incident, s: IncidentStep, locale: Locale): Button[] {
  if (inc.state !== 'open' || s.state === 'running') return [];
  const main = mainButton(inc, s, locale);
  const skippable = s.state === 'open' || s.state === 'failed';
  const skip = skippable ? [button({ actionId: INCIDENT_SKIP_ACTION, text: translator(locale)('incidents.btn_skip'), value: stepValue(inc.id, s.id) })] : [];
  return [...(main ? [main] : []), ...skip];
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
    case 'skipped':
      return tr('incidents.step_skipped_by', { who: who(s.by ?? '?', 'slack', locale), reason: esc(s.detail ?? '') });
    case 'not_needed':
      return tr('incidents.step_not_needed', { detail: esc(s.detail ?? '') });
    default:
      return assertNever(s.state, 'step state');
  }
}

/** The step's line, and below it its buttons (one row, so Skip sits beside the main action). */
function stepBlocks(inc: Incident, s: IncidentStep, locale: Locale): KnownBlock[] {
  const optional = s.optional ? ` _(${translator(locale)('incidents.step_optional')})_` : '';
  let text = `${stepEmoji(s)} *${esc(localize(s.title, locale))}*${optional} — ${stepStateText(s, locale)}`;
  if (s.kind === 'text' && s.text) text += `\n>${esc(s.text).replace(/\n/g, '\n>')}`;
  else if (s.state === 'done' && s.detail) text += `\n_${esc(s.detail)}_`;
  const buttons = stepButtons(inc, s, locale);
  return [section(text, { block_id: `step:${s.id}` }), ...(buttons.length ? [actions(`do:${s.id}`, buttons)] : [])];
}

function phaseStatus(inc: Incident, p: IncidentPhase, now: number, locale: Locale): string {
  const tr = translator(locale);
  const o = phaseOutcome(inc, p);
  switch (o.outcome) {
    case 'met':
      return `${OK} ${tr('incidents.phase_complete')}`;
    case 'late':
      return `${OK} ${tr('incidents.phase_complete_late')}`;
    case 'skipped':
      return `${SKIPPED} ${tr('incidents.phase_skipped')}`;
    case 'open':
      return isOverdue(inc, p, now) ? tr('incidents.phase_overdue', { due: slackTime(p.due_at) }) : tr('incidents.phase_due', { due: slackTime(p.due_at) });
    default:
      return assertNever(o, 'phase outcome');
  }
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
    ...(inc.notified ? [[tr('incidents.f_notified'), notifiedText(inc.notified, locale)]] : []),
  ].map(([k, v]) => ({ type: 'mrkdwn' as const, text: `*${k}*\n${v}` }));
  const blocks: KnownBlock[] = [
    header(tr(resolved ? 'incidents.msg_header_resolved' : 'incidents.msg_header', { id: inc.id, title: inc.title })),
    section(' ', { fields }),
  ];
  if (!resolved) {
    const value = incidentValue(inc.id);
    blocks.push(actions(`incident:${inc.id}`, [
      button({ actionId: INCIDENT_LEAD_ACTION, text: tr('incidents.btn_take_lead'), value }),
      button({ actionId: INCIDENT_RENAME_ACTION, text: tr('incidents.btn_rename'), value }),
      resolveButton(inc, locale),
    ]));
  }
  for (const p of inc.phases) {
    const overdue = isOverdue(inc, p, now);
    blocks.push(context([`${overdue ? `${WARN} ` : ''}*${esc(localize(p.title, locale))}* · ${phaseStatus(inc, p, now, locale)}`]));
    for (const s of stepsOf(inc, p.id)) blocks.push(...stepBlocks(inc, s, locale));
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
