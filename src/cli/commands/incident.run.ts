/** The bodies of `teach incident start|list|show|export` (registered in incident.ts, loaded when one runs). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliContext } from '../context.js';
import { actorLabel } from '../../ops/types.js';
import { parseCount } from '../args.js';
import { table } from '../render/table.js';
import { currentPhase, isOverdue, localize, stepsOf, who } from '../../incidents/text.js';
import { eventText } from '../../incidents/timeline-text.js';
import type { Incident } from '../../incidents/types.js';

const utc = (ms: number | null) => (ms === null ? '–' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`);

function showText(ctx: CliContext, inc: Incident): string {
  const tr = ctx.tr;
  const locale = ctx.locale;
  const now = Date.now();
  const state = tr(inc.state === 'open' ? 'incidents.incident_open' : 'incidents.incident_resolved');
  const lines = [
    `${tr('incidents.pm_title', { id: inc.id, title: inc.title })} (${state})`,
    `${tr('incidents.f_lead')}: ${who(inc.lead, 'plain', locale)} · ${tr('incidents.f_started')}: ${utc(inc.started_at)} · ${tr('incidents.f_alerts')}: ${inc.alerts.map((a) => a.key).join(', ') || tr('common.none')}`,
  ];
  for (const p of inc.phases) {
    const steps = stepsOf(inc, p.id);
    const status = steps.every((s) => s.state === 'done') ? tr('incidents.phase_complete') : isOverdue(inc, p, now) ? `${tr('incidents.pm_overdue')}, ${tr('incidents.pm_due', { at: utc(p.due_at) })}` : tr('incidents.pm_due', { at: utc(p.due_at) });
    lines.push('', tr('incidents.cli_phase_line', { title: localize(p.title, locale), status }));
    for (const s of steps) {
      const st = s.state === 'done' ? `${tr('incidents.state_done')} ${who(s.by ?? '?', 'plain', locale)} ${utc(s.at)}` : tr(`incidents.state_${s.state}`);
      lines.push(tr('incidents.cli_step_line', { mark: s.state === 'done' ? 'x' : s.state === 'failed' ? '!' : s.state === 'running' ? '~' : ' ', id: s.id, title: localize(s.title, locale), state: st + (s.detail ? `: ${s.detail}` : '') }));
      if (s.text) lines.push(...s.text.split('\n').map((l) => `      > ${l}`));
    }
  }
  lines.push('', tr('incidents.cli_timeline'));
  for (const e of ctx.store().incidents.events(inc.id)) lines.push(`  ${new Date(e.at).toISOString().slice(11, 19)}  ${eventText(e, inc, locale, 'plain')}`);
  return lines.join('\n');
}

export async function runIncidentStart(ctx: CliContext, words: string[], opts: { alert?: string }): Promise<void> {
  const { declareIncident, incidentContext } = await import('../../ops/incidents.js');
  const ictx = incidentContext(ctx.ops());
  const title = words.join(' ').trim();
  const alertId = opts.alert === undefined ? undefined : parseCount(opts.alert, '--alert', 1, Number.MAX_SAFE_INTEGER);
  const { incident } = await declareIncident(ictx, ctx.actor(), { ...(title ? { title } : {}), ...(alertId !== undefined ? { alertId } : {}) });
  ctx.io.out(ctx.tr('incidents.cli_declared', { id: incident.id, title: incident.title, lead: who(actorLabel(ctx.actor()), 'plain', ctx.locale) }));
}

export async function runIncidentList(ctx: CliContext, opts: { lines: string; json?: boolean }): Promise<void> {
  const { listIncidents } = await import('../../ops/incidents.js');
  const list = listIncidents(ctx.ops(), { limit: parseCount(opts.lines, '--lines', 1, 10_000) });
  if (opts.json) return ctx.io.out(JSON.stringify(list, null, 2));
  if (list.length === 0) return ctx.io.out(ctx.tr('incidents.list_empty'));
  const tr = ctx.tr;
  const rows = list.map((i) => {
    const phase = i.state === 'open' ? currentPhase(i) : undefined;
    return [`#${i.id}`, tr(i.state === 'open' ? 'incidents.incident_open' : 'incidents.incident_resolved'), i.title, who(i.lead, 'plain', ctx.locale), utc(i.started_at), phase ? localize(phase.title, ctx.locale) : '–'];
  });
  const headers = [tr('incidents.cli_col_id'), tr('incidents.cli_col_state'), tr('incidents.cli_col_title'), tr('incidents.cli_col_lead'), tr('incidents.cli_col_started'), tr('incidents.cli_col_phase')];
  ctx.io.out(table(headers.map((header) => ({ header })), rows));
}

export async function runIncidentShow(ctx: CliContext, id: string, opts: { json?: boolean }): Promise<void> {
  const { getIncident } = await import('../../ops/incidents.js');
  const inc = getIncident(ctx.ops(), parseCount(id, 'id', 1, Number.MAX_SAFE_INTEGER));
  ctx.io.out(opts.json ? JSON.stringify({ ...inc, timeline: ctx.store().incidents.events(inc.id) }, null, 2) : showText(ctx, inc));
}

export async function runIncidentExport(ctx: CliContext, id: string, opts: { output?: string }): Promise<void> {
  const { exportIncident } = await import('../../ops/incidents.js');
  const md = exportIncident(ctx.ops(), parseCount(id, 'id', 1, Number.MAX_SAFE_INTEGER));
  if (!opts.output) return ctx.io.out(md.trimEnd());
  const file = resolve(ctx.io.cwd, opts.output);
  writeFileSync(file, md);
  ctx.io.out(ctx.tr('incidents.cli_exported', { file }));
}
