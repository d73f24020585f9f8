/**
 * The bodies of `teach incident step|note|lead|rename|resolve`: the same operations as the Slack buttons, as the
 * host user. Each answer says what changed (the step asked for, and any step it closed as not needed); a step that
 * failed exits 1.
 */
import type { CliContext } from '../context.js';
import { UsageError } from '../args.js';
import { cliIncidents } from '../incident-context.js';
import { changedSteps } from '../render/incident.js';
import { incidentId } from './incident.run.js';
import { localize } from '../../incidents/text.js';

const ACTIONS = ['run', 'done', 'skip'] as const;

export async function runIncidentStep(ctx: CliContext, rawId: string, step: string, action: string, opts: { reason?: string; service?: string }): Promise<void> {
  const id = incidentId(rawId);
  if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(ctx.tr('incidents.cli_bad_action', { action }), { hint: ctx.tr('incidents.cli_bad_action_hint', { id }) });
  const ops = await import('../../ops/incidents.js');
  const ictx = await cliIncidents(ctx);
  const before = ops.getIncident(ictx, id);
  const actor = ctx.actor();
  const after =
    action === 'run'
      ? await ops.runStep(ictx, actor, id, step, opts.service !== undefined ? { service: opts.service } : {})
      : action === 'done'
        ? await ops.completeStep(ictx, actor, id, step)
        : await ops.skipStep(ictx, actor, id, step, opts.reason ?? '');
  for (const line of changedSteps(before, after, ctx.locale)) ctx.io.out(line);
  const s = after.steps.find((x) => x.id === step);
  if (s?.state === 'failed') ctx.setExit(1);
  // The action asked which service (restart-failed / fallback without a linked alert naming one).
  if (action === 'run' && s?.state === 'open') {
    const ask = [...ctx.store().outbox.forSubject(`incident:${id}`)].reverse().find((r) => r.kind === 'incident.thread' && r.params.type === 'choose' && r.params.step === step);
    const services = (ask?.params.services as string[] | undefined) ?? ictx.config.serviceNames;
    ctx.io.out(ctx.tr('incidents.cli_step_choose', { step: localize(s.title, ctx.locale), services: services.join('|') }));
    ctx.setExit(1);
  }
}

export async function runIncidentNote(ctx: CliContext, rawId: string, step: string, words: string[]): Promise<void> {
  const id = incidentId(rawId);
  const ops = await import('../../ops/incidents.js');
  const ictx = await cliIncidents(ctx);
  const before = ops.getIncident(ictx, id);
  const text = words.join(' ');
  const target = before.steps.find((s) => s.id === step);
  // A note step's text is its content (Write in Slack); on any other step a note is a line in the timeline.
  if (target?.kind === 'text') {
    const after = await ops.submitStepText(ictx, ctx.actor(), id, step, text);
    for (const line of changedSteps(before, after, ctx.locale)) ctx.io.out(line);
    return;
  }
  await ops.addNote(ictx, ctx.actor(), id, step, text);
  ctx.io.out(ctx.tr('incidents.cli_noted', { id, step: target ? localize(target.title, ctx.locale) : step }));
}

export async function runIncidentLead(ctx: CliContext, rawId: string): Promise<void> {
  const id = incidentId(rawId);
  const { takeLead } = await import('../../ops/incidents.js');
  const changed = await takeLead(await cliIncidents(ctx), ctx.actor(), id);
  ctx.io.out(ctx.tr(changed ? 'incidents.cli_lead' : 'incidents.already_lead', { id }));
}

export async function runIncidentRename(ctx: CliContext, rawId: string, words: string[]): Promise<void> {
  const id = incidentId(rawId);
  const { renameIncident, getIncident } = await import('../../ops/incidents.js');
  const ictx = await cliIncidents(ctx);
  const changed = await renameIncident(ictx, ctx.actor(), id, words.join(' '));
  ctx.io.out(ctx.tr(changed ? 'incidents.cli_renamed' : 'incidents.cli_renamed_same', { id, title: getIncident(ictx, id).title }));
}

export async function runIncidentResolve(ctx: CliContext, rawId: string): Promise<void> {
  const id = incidentId(rawId);
  const { resolveIncident } = await import('../../ops/incidents.js');
  const { file } = await resolveIncident(await cliIncidents(ctx, { people: true }), ctx.actor(), id);
  ctx.io.out(ctx.tr('incidents.cli_resolved_file', { file }));
}
