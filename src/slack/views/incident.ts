/**
 * The incident message: title, lead, start, linked alerts, the current phase with its deadline, who was notified,
 * then every phase (due / overdue / met / late / skipped) with every step (incident-steps.ts), and Take lead /
 * Rename / Resolve (with a confirm that warns about open root-cause steps). Pure: rendered from the incident row at
 * each delivery, so an edit always shows the state of that moment.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { Locale } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { assertNever } from '../../errors.js';
import { currentPhase, isOverdue, openRootCauseSteps, phaseOutcome, stepsOf } from '../../incidents/progress.js';
import { localize, who } from '../../incidents/text.js';
import type { Incident, IncidentPhase } from '../../incidents/types.js';
import { actions, button, confirmDialog, context, esc, header, message, section, slackTime, type SlackMessage } from './blocks.js';
import { OK, WARN } from './emoji.js';
import { INCIDENT_LEAD_ACTION, INCIDENT_RENAME_ACTION, INCIDENT_RESOLVE_ACTION, incidentValue } from './incident-values.js';
import { notifiedText } from './incident-notified.js';
import { SKIPPED, stepBlocks } from './incident-steps.js';

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
