/**
 * The postmortem `logs/incidents/<id>.md`: summary, the three times the ops guide cares about (each saying what it
 * is measured from and to), linked alerts, the timeline (who did what, when, people by name), the notes written in
 * the runbook, each phase as met / late / skipped with its steps, and the host as it was when the first alert fired
 * and at resolution. Pure text from data; `writePostmortem` is the only part that touches the disk.
 */
import type { Locale } from '../config/types.js';
import { formatDuration } from '../config/units.js';
import { assertNever } from '../errors.js';
import { translator } from '../i18n/index.js';
import type { SnapshotSummary } from '../monitor/snapshot.js';
import type { HostSnapshot } from '../probes/snapshot.js';
import { redact } from '../util/redact.js';
import { writePrivateFile } from '../util/safe-fs.js';
import { cell, firedLines, resolvedLines, utc } from './postmortem-host.js';
import { measures } from './postmortem-times.js';
import { phaseOutcome, stepsOf } from './progress.js';
import { localize, who } from './text.js';
import { eventText } from './timeline-text.js';
import type { Incident, IncidentPhase, IncidentStep, TimelineEvent } from './types.js';

export interface PostmortemInput {
  incident: Incident;
  events: TimelineEvent[];
  /** the host when the first linked alert fired (the key names that alert) */
  fired?: { key: string; snapshot: SnapshotSummary } | null;
  /** the host at resolution */
  resolved?: HostSnapshot | null;
  /** the first acknowledgement of the first linked alert */
  alertAck?: { at: number; actor: string } | null;
  /** display names by actor label; a label not in it is shown as recorded (`@U0123`, `alice (host)`) */
  names?: ReadonlyMap<string, string>;
  locale: Locale;
}

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

export function postmortemMarkdown(p: PostmortemInput): string {
  const { incident: inc, events, locale } = p;
  const tr = translator(locale);
  const name = (label: string) => p.names?.get(label) ?? who(label, 'plain', locale);
  // Timeline lines name people the same way as the rest of the document.
  const named = (e: TimelineEvent) => eventText(e, inc, locale, 'plain', name);
  const out: string[] = [];
  out.push(`# ${tr('incidents.pm_title', { id: inc.id, title: inc.title })}`, '');
  out.push(`- ${tr('incidents.pm_lead')}: ${name(inc.lead)}`);
  out.push(`- ${tr('incidents.pm_declared')}: ${utc(inc.started_at)} (${name(inc.declared_by)})`);
  out.push(`- ${tr('incidents.pm_resolved')}: ${utc(inc.resolved_at)}${inc.resolved_by ? ` (${name(inc.resolved_by)})` : ''}`);
  if (inc.resolved_at !== null) out.push(`- ${tr('incidents.pm_duration')}: ${formatDuration(inc.resolved_at - inc.started_at)}`);

  out.push('', `## ${tr('incidents.pm_times')}`, '');
  out.push(`| ${tr('incidents.pm_measure')} | ${tr('incidents.pm_value')} | ${tr('incidents.pm_measured')} |`, '|---|---|---|');
  for (const m of measures({ incident: inc, events, alertAck: p.alertAck ?? null, who: name, locale })) {
    const value = m.to === null ? tr('incidents.pm_not_reached') : formatDuration(m.to.at - m.from.at);
    const span = m.to === null ? tr('incidents.pm_span_open', { from: m.from.what }) : tr('incidents.pm_span', { from: m.from.what, to: m.to.what });
    out.push(`| ${tr(`incidents.pm_${m.name}`)} | ${value} | ${cell(span)} |`);
  }

  out.push('', `## ${tr('incidents.pm_alerts')}`, '');
  if (inc.alerts.length === 0) out.push(tr('incidents.pm_no_alerts'));
  for (const a of inc.alerts) out.push(`- \`${a.key}\`${a.title && a.title !== a.key ? ` ${a.title}` : ''} (${tr('incidents.pm_fired', { at: utc(a.fired_at ?? a.linked_at) })})`);

  out.push('', `## ${tr('incidents.pm_timeline')}`, '');
  out.push(`| ${tr('incidents.pm_time')} | ${tr('incidents.pm_who')} | ${tr('incidents.pm_what')} |`, '|---|---|---|');
  for (const e of events) out.push(`| ${utc(e.at)} | ${cell(name(e.kind === 'reminder' ? 'teachops' : e.actor))} | ${cell(named(e))} |`);

  out.push('', `## ${tr('incidents.pm_notes')}`, '');
  const notes = inc.steps.filter((s) => s.kind === 'text' && s.text);
  if (notes.length === 0) out.push(tr('incidents.pm_no_notes'));
  for (const s of notes) out.push(`### ${localize(s.title, locale)}`, '', s.text!, '', `_${name(s.by ?? '?')}, ${utc(s.at)}_`, '');

  out.push('', `## ${tr('incidents.pm_steps')}`, '');
  for (const ph of inc.phases) {
    out.push(`### ${phaseLine(inc, ph, locale)}`, '');
    for (const s of stepsOf(inc, ph.id)) out.push(stepLine(s, locale, name));
    out.push('');
  }

  out.push(`## ${tr('incidents.pm_host')}`, '');
  if (!p.fired && !p.resolved) out.push(tr('incidents.pm_no_snapshot'));
  if (p.fired) out.push(`### ${tr('incidents.pm_host_fired', { key: p.fired.key, at: utc(p.fired.snapshot.at) })}`, '', ...firedLines(p.fired.snapshot, locale), '');
  if (p.resolved) out.push(`### ${tr('incidents.pm_host_resolved', { at: utc(p.resolved.at) })}`, '', ...resolvedLines(p.resolved, locale));
  return redact(out.join('\n').trimEnd()) + '\n';
}

/** "Quick recovery: late, complete at … (due …, 5m 0s late)" */
function phaseLine(inc: Incident, p: IncidentPhase, locale: Locale): string {
  const tr = translator(locale);
  const o = phaseOutcome(inc, p);
  const base = { title: localize(p.title, locale), due: clock(p.due_at) };
  switch (o.outcome) {
    case 'met':
      return tr('incidents.pm_phase_met', { ...base, at: utc(o.at) });
    case 'late':
      return tr('incidents.pm_phase_late', { ...base, at: utc(o.at), late: formatDuration(o.at - p.due_at) });
    case 'skipped':
      return tr('incidents.pm_phase_skipped', { ...base, at: utc(o.at) });
    case 'open':
      return tr('incidents.pm_phase_open', base);
    default:
      return assertNever(o, 'phase outcome');
  }
}

/** "- [x] Verify … — done by @U1 <time>: every health check passed"; [-] skipped / not needed, [ ] still open. */
function stepLine(s: IncidentStep, locale: Locale, name: (label: string) => string): string {
  const tr = translator(locale);
  const mark = s.state === 'done' ? 'x' : s.state === 'skipped' || s.state === 'not_needed' ? '-' : ' ';
  const optional = s.optional ? ` (${tr('incidents.step_optional')})` : '';
  const by = s.state === 'open' ? '' : `${s.by && s.by !== 'teachops' ? ` ${name(s.by)}` : ''} ${utc(s.at)}`;
  return `- [${mark}] ${localize(s.title, locale)}${optional} — ${tr(`incidents.state_${s.state}`)}${by}${s.detail ? `: ${s.detail}` : ''}`;
}

/** Writes the postmortem; returns its path. */
export function writePostmortem(dir: string, inc: Incident, markdown: string): string {
  // Owner-only from the first byte, in a folder that is not a link (services can write under logs_dir).
  return writePrivateFile(dir, `${inc.id}.md`, markdown);
}
