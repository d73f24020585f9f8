/**
 * Resolving an incident and its postmortem: the host snapshot taken now (kept in the store), the one taken when its
 * first linked alert fired, that alert's first acknowledgement, people by name (the directory the adapter passes:
 * Slack's users.info, cached), written to logs/incidents/<id>.md and queued for upload to the thread. `teach
 * incident export` writes it again from the same data.
 */
import { postmortemMarkdown, writePostmortem } from '../incidents/postmortem.js';
import type { Incident } from '../incidents/types.js';
import { translator } from '../i18n/index.js';
import type { SnapshotSummary } from '../monitor/snapshot.js';
import type { HostSnapshot } from '../probes/snapshot.js';
import { paths } from '../util/paths.js';
import { redact } from '../util/redact.js';
import { assertMayMutate } from './access.js';
import { audited } from './audited.js';
import type { IncidentOpsContext } from './incidents.js';
import { cachedPeople, type PeopleDirectory } from './people.js';
import { actorLabel, type Actor, type OpsContext } from './types.js';
import { UnknownIncidentError } from '../incidents/errors.js';

/** Closes the incident, writes logs/incidents/<id>.md and queues its upload to the thread. */
export async function resolveIncident(ctx: IncidentOpsContext, actor: Actor, id: number, people?: PeopleDirectory): Promise<{ incident: Incident; file: string }> {
  return audited(ctx, actor, { action: 'incident.resolve', args: { incident: id } }, async () => {
    assertMayMutate(ctx.config, actor);
    ctx.engine.resolve(id, actorLabel(actor));
    const snapshot = await ctx.tuning.snapshot(ctx);
    // Command lines of the top processes were redacted when taken; the whole is redacted again on its way out.
    if (snapshot) ctx.store.incidents.setResolvedSnapshot(id, JSON.parse(redact(JSON.stringify(snapshot))) as HostSnapshot);
    const incident = ctx.engine.get(id);
    const md = await postmortemOf(ctx, incident, people ?? ctx.people);
    const file = writePostmortem(paths.incidentsDir(ctx.config.logs_dir), incident, md);
    ctx.engine.attachPostmortem(id, file, translator(ctx.config.locale)('incidents.file_title', { id }));
    return { incident: ctx.engine.get(id), file };
  });
}

/** The postmortem from the store: as written at resolution, or for an open incident as it would read now. */
export async function exportIncident(ctx: OpsContext & { people?: PeopleDirectory }, id: number): Promise<string> {
  const inc = ctx.store.incidents.get(id);
  if (!inc) throw new UnknownIncidentError(id, ctx.config.locale);
  return postmortemOf(ctx, inc, ctx.people);
}

async function postmortemOf(ctx: OpsContext, inc: Incident, people: PeopleDirectory | undefined): Promise<string> {
  const events = ctx.store.incidents.events(inc.id);
  const first = [...inc.alerts].filter((a) => a.alert_id !== null).sort((a, b) => (a.fired_at ?? a.linked_at) - (b.fired_at ?? b.linked_at))[0];
  const firedSnapshot = first ? ctx.store.alerts.snapshotOf<SnapshotSummary>(first.alert_id!) : null;
  const alertAck = first ? (ctx.store.alerts.firstAcknowledgement(first.alert_id!) ?? null) : null;
  const labels = [inc.lead, inc.declared_by, inc.resolved_by ?? '', ...events.map((e) => e.actor), ...inc.steps.map((s) => s.by ?? ''), alertAck?.actor ?? ''].filter(Boolean);
  const names = await (people ?? cachedPeople(ctx.store)).names(labels);
  return postmortemMarkdown({
    incident: inc,
    events,
    fired: first && firedSnapshot ? { key: first.key, snapshot: firedSnapshot } : null,
    resolved: ctx.store.incidents.resolvedSnapshot<HostSnapshot>(inc.id),
    alertAck,
    names,
    locale: ctx.config.locale,
  });
}
