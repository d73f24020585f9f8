/**
 * The postmortem `logs/incidents/<id>.md`: summary, the three times the ops guide cares about, linked alerts, the
 * timeline (who did what, when), the notes written in the runbook, the steps as a checklist and the host snapshot
 * taken at resolution. Pure text from data; `writePostmortem` is the only part that touches the disk.
 */
import type { Locale } from '../config/types.js';
import { formatBytes, formatDuration } from '../config/units.js';
import { translator } from '../i18n/index.js';
import type { HostSnapshot } from '../probes/snapshot.js';
import { redact } from '../util/redact.js';
import { writePrivateFile } from '../util/safe-fs.js';
import { localize, stepsOf, who } from './text.js';
import { eventText } from './timeline-text.js';
import type { Incident, TimelineEvent } from './types.js';

const utc = (ms: number | null) => (ms === null ? '–' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`);
/** Markdown table cells: pipes and newlines would break the row. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function postmortemMarkdown(inc: Incident, events: TimelineEvent[], snapshot: HostSnapshot | null, locale: Locale): string {
  const tr = translator(locale);
  const since = (at: number | null) => (at === null ? tr('incidents.pm_not_reached') : formatDuration(at - inc.started_at));
  const out: string[] = [];
  out.push(`# ${tr('incidents.pm_title', { id: inc.id, title: inc.title })}`, '');
  out.push(`- ${tr('incidents.pm_lead')}: ${who(inc.lead, 'plain', locale)}`);
  out.push(`- ${tr('incidents.pm_declared')}: ${utc(inc.started_at)} (${who(inc.declared_by, 'plain', locale)})`);
  out.push(`- ${tr('incidents.pm_resolved')}: ${utc(inc.resolved_at)}${inc.resolved_by ? ` (${who(inc.resolved_by, 'plain', locale)})` : ''}`);
  if (inc.resolved_at !== null) out.push(`- ${tr('incidents.pm_duration')}: ${formatDuration(inc.resolved_at - inc.started_at)}`);
  out.push('', `## ${tr('incidents.pm_times')}`, '');
  out.push(`| ${tr('incidents.pm_measure')} | ${tr('incidents.pm_value')} |`, '|---|---|');
  out.push(`| ${tr('incidents.pm_tta')} | ${since(inc.acknowledged_at)} |`);
  out.push(`| ${tr('incidents.pm_ttr')} | ${since(inc.recovered_at)} |`);
  out.push(`| ${tr('incidents.pm_ttrc')} | ${since(inc.root_cause_at)} |`);

  out.push('', `## ${tr('incidents.pm_alerts')}`, '');
  if (inc.alerts.length === 0) out.push(tr('incidents.pm_no_alerts'));
  for (const a of inc.alerts) out.push(`- \`${a.key}\`${a.title && a.title !== a.key ? ` ${a.title}` : ''} (${tr('incidents.pm_fired', { at: utc(a.fired_at ?? a.linked_at) })})`);

  out.push('', `## ${tr('incidents.pm_timeline')}`, '');
  out.push(`| ${tr('incidents.pm_time')} | ${tr('incidents.pm_who')} | ${tr('incidents.pm_what')} |`, '|---|---|---|');
  for (const e of events) out.push(`| ${utc(e.at)} | ${cell(who(e.kind === 'reminder' ? 'teachops' : e.actor, 'plain', locale))} | ${cell(eventText(e, inc, locale, 'plain'))} |`);

  out.push('', `## ${tr('incidents.pm_notes')}`, '');
  const notes = inc.steps.filter((s) => s.kind === 'text' && s.text);
  if (notes.length === 0) out.push(tr('incidents.pm_no_notes'));
  for (const s of notes) out.push(`### ${localize(s.title, locale)}`, '', s.text!, '', `_${who(s.by ?? '?', 'plain', locale)}, ${utc(s.at)}_`, '');

  out.push('', `## ${tr('incidents.pm_steps')}`, '');
  for (const p of inc.phases) {
    out.push(`### ${localize(p.title, locale)} (${tr('incidents.pm_due', { at: utc(p.due_at) })}${p.reminded_at !== null ? `, ${tr('incidents.pm_overdue')}` : ''})`, '');
    for (const s of stepsOf(inc, p.id)) {
      const mark = s.state === 'done' ? 'x' : ' ';
      const by = s.by && s.state !== 'open' ? ` — ${tr(`incidents.state_${s.state}`)} ${who(s.by, 'plain', locale)} ${utc(s.at)}` : ` — ${tr(`incidents.state_${s.state}`)}`;
      out.push(`- [${mark}] ${localize(s.title, locale)}${by}${s.detail ? `: ${s.detail}` : ''}`);
    }
    out.push('');
  }
  out.push(`## ${tr('incidents.pm_host')}`, '', ...hostLines(snapshot, locale));
  return redact(out.join('\n')) + '\n';
}

function hostLines(snap: HostSnapshot | null, locale: Locale): string[] {
  const tr = translator(locale);
  if (!snap) return [tr('incidents.pm_no_snapshot')];
  const s = snap.system;
  const lines = [
    `- ${tr('incidents.pm_taken')}: ${utc(snap.at)}`,
    `- CPU: ${s.cpuPercent.toFixed(1)}% (${s.cpuCount} cores), load ${s.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    `- ${tr('incidents.pm_memory')}: ${s.memory.percent.toFixed(1)}% (${formatBytes(s.memory.usedBytes)} / ${formatBytes(s.memory.totalBytes)})`,
    ...s.disks.map((d) => `- ${tr('incidents.pm_disk')} ${d.mount}: ${d.percent.toFixed(1)}%`),
    '',
    `| ${tr('incidents.pm_top')} | pid | CPU % | ${tr('incidents.pm_memory')} | ${tr('incidents.pm_command')} |`,
    '|---|---|---|---|---|',
  ];
  for (const p of snap.topCpu) lines.push(`| CPU | ${p.pid} | ${p.cpuPercent.toFixed(1)} | ${formatBytes(p.rssBytes)} | \`${cell(p.command || p.name)}\` |`);
  for (const p of snap.topMemory) lines.push(`| ${tr('incidents.pm_memory')} | ${p.pid} | ${p.cpuPercent.toFixed(1)} | ${formatBytes(p.rssBytes)} | \`${cell(p.command || p.name)}\` |`);
  return lines;
}

/** Writes the postmortem; returns its path. */
export function writePostmortem(dir: string, inc: Incident, markdown: string): string {
  // Owner-only from the first byte, in a folder that is not a link (services can write under logs_dir).
  return writePrivateFile(dir, `${inc.id}.md`, markdown);
}
