/**
 * `teach incident show` and the answers of the other subcommands as terminal text: phases with deadlines and how
 * they ended, every step with its state, who was notified, the timeline; what a command changed; where the
 * incident's updates go. Pure.
 */
import type { Locale } from '../../config/types.js';
import { assertNever } from '../../errors.js';
import { translator } from '../../i18n/index.js';
import { isOverdue, phaseOutcome, stepsOf } from '../../incidents/progress.js';
import type { IncidentRoute } from '../../incidents/route.js';
import { localize, plainMention, who } from '../../incidents/text.js';
import { eventText } from '../../incidents/timeline-text.js';
import type { Incident, IncidentPhase, IncidentStep, TimelineEvent } from '../../incidents/types.js';

const utc = (ms: number | null) => (ms === null ? '–' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`);

const MARK: Record<IncidentStep['state'], string> = { open: ' ', running: '~', done: 'x', failed: '!', skipped: '-', not_needed: '-' };

export function stepStateLine(s: IncidentStep, locale: Locale): string {
  const tr = translator(locale);
  const by = s.by && s.by !== 'teachops' && s.state !== 'open' ? ` ${who(s.by, 'plain', locale)}` : '';
  const when = s.state === 'open' || s.at === null ? '' : ` ${utc(s.at)}`;
  const state = s.state === 'done' || s.state === 'skipped' ? `${tr(`incidents.state_${s.state}`)}${by}${when}` : tr(`incidents.state_${s.state}`);
  return state + (s.detail ? `: ${s.detail}` : '');
}

function phaseText(inc: Incident, p: IncidentPhase, now: number, locale: Locale): string {
  const tr = translator(locale);
  const o = phaseOutcome(inc, p);
  const due = tr('incidents.pm_due', { at: utc(p.due_at) });
  switch (o.outcome) {
    case 'met':
      return `${tr('incidents.phase_complete')} ${utc(o.at)}`;
    case 'late':
      return `${tr('incidents.phase_complete_late')} ${utc(o.at)}, ${due}`;
    case 'skipped':
      return `${tr('incidents.phase_skipped')} ${utc(o.at)}`;
    case 'open':
      return isOverdue(inc, p, now) ? `${tr('incidents.pm_overdue')}, ${due}` : due;
    default:
      return assertNever(o, 'phase outcome');
  }
}

export function incidentText(inc: Incident, events: TimelineEvent[], now: number, locale: Locale): string {
  const tr = translator(locale);
  const state = tr(inc.state === 'open' ? 'incidents.incident_open' : 'incidents.incident_resolved');
  const lines = [
    `${tr('incidents.pm_title', { id: inc.id, title: inc.title })} (${state})`,
    `${tr('incidents.f_lead')}: ${who(inc.lead, 'plain', locale)} · ${tr('incidents.f_started')}: ${utc(inc.started_at)} · ${tr('incidents.f_alerts')}: ${inc.alerts.map((a) => a.key).join(', ') || tr('common.none')}`,
  ];
  if (inc.notified) {
    const whom = inc.notified.mention.map(plainMention).join(' ') || tr('incidents.notified_nobody');
    lines.push(`${tr('incidents.f_notified')}: ${tr('incidents.cli_notified', { whom, where: inc.notified.channel ?? tr('incidents.notified_console'), when: utc(inc.notified.at) })}`);
  }
  for (const p of inc.phases) {
    lines.push('', tr('incidents.cli_phase_line', { title: localize(p.title, locale), status: phaseText(inc, p, now, locale) }));
    for (const s of stepsOf(inc, p.id)) {
      const title = localize(s.title, locale) + (s.optional ? ` (${tr('incidents.step_optional')})` : '');
      lines.push(tr('incidents.cli_step_line', { mark: MARK[s.state], id: s.id, title, state: stepStateLine(s, locale) }));
      if (s.text) lines.push(...s.text.split('\n').map((l) => `      > ${l}`));
    }
  }
  lines.push('', tr('incidents.cli_timeline'));
  for (const e of events) lines.push(`  ${new Date(e.at).toISOString().slice(11, 19)}  ${eventText(e, inc, locale, 'plain')}`);
  return lines.join('\n');
}

/** One line per step a command moved (the one asked for, and any it closed as not needed). */
export function changedSteps(before: Incident, after: Incident, locale: Locale): string[] {
  return after.steps
    .filter((s) => {
      const was = before.steps.find((x) => x.id === s.id);
      return was?.state !== s.state || was.detail !== s.detail || was.text !== s.text;
    })
    .map((s) => `[${MARK[s.state]}] ${s.id}: ${localize(s.title, locale)} — ${stepStateLine(s, locale)}`);
}

/** Where the incident's updates go, from this process's point of view. */
export function routeLine(route: IncidentRoute, id: number, locale: Locale): string {
  const tr = translator(locale);
  switch (route.kind) {
    case 'slack':
      return tr('incidents.cli_route_slack', { channel: route.channel });
    case 'slack_down':
      return tr('incidents.cli_route_slack_down', { channel: route.channel, reason: route.reason });
    case 'console':
      return tr(route.why === 'no_slack' ? 'incidents.cli_route_no_slack' : 'incidents.cli_route_no_channel');
    case 'no_daemon':
      return tr('incidents.cli_route_no_daemon', { id });
    default:
      return assertNever(route, 'incident route');
  }
}
