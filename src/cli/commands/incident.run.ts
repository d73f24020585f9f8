/** The bodies of `teach incident start|list|show|export` (registered in incident.ts, loaded when one runs). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliContext } from '../context.js';
import { actorLabel } from '../../ops/types.js';
import { parseCount } from '../args.js';
import { cliIncidents } from '../incident-context.js';
import { incidentText, routeLine } from '../render/incident.js';
import { table } from '../render/table.js';
import { currentPhase } from '../../incidents/progress.js';
import { localize, who } from '../../incidents/text.js';

const utc = (ms: number | null) => (ms === null ? '–' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`);

export const incidentId = (raw: string): number => parseCount(raw.replace(/^#/, ''), 'id', 1, Number.MAX_SAFE_INTEGER);

export async function runIncidentStart(ctx: CliContext, words: string[], opts: { alert?: string }): Promise<void> {
  const { declareIncident } = await import('../../ops/incidents.js');
  const { incidentRoute } = await import('../../ops/incident-route.js');
  const ictx = await cliIncidents(ctx);
  const title = words.join(' ').trim();
  const alertId = opts.alert === undefined ? undefined : parseCount(opts.alert, '--alert', 1, Number.MAX_SAFE_INTEGER);
  const { incident } = await declareIncident(ictx, ctx.actor(), { ...(title ? { title } : {}), ...(alertId !== undefined ? { alertId } : {}) });
  ctx.io.out(ctx.tr('incidents.cli_declared', { id: incident.id, title: incident.title, lead: who(actorLabel(ctx.actor()), 'plain', ctx.locale) }));
  ctx.io.out(routeLine(incidentRoute(ictx, incident), incident.id, ctx.locale));
  ctx.io.out(ctx.tr('incidents.cli_next', { id: incident.id }));
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
  const inc = getIncident(ctx.ops(), incidentId(id));
  const events = ctx.store().incidents.events(inc.id);
  ctx.io.out(opts.json ? JSON.stringify({ ...inc, timeline: events }, null, 2) : incidentText(inc, events, Date.now(), ctx.locale));
}

export async function runIncidentExport(ctx: CliContext, id: string, opts: { output?: string }): Promise<void> {
  const { exportIncident } = await import('../../ops/incidents.js');
  const md = await exportIncident(await cliIncidents(ctx, { people: true }), incidentId(id));
  if (!opts.output) return ctx.io.out(md.trimEnd());
  const file = resolve(ctx.io.cwd, opts.output);
  writeFileSync(file, md);
  ctx.io.out(ctx.tr('incidents.cli_exported', { file }));
}
