/**
 * The incident runbook as user intents: declare, take lead, rename, resolve, read (the steps are in
 * incident-steps.ts). Each one is permission-checked and audited here. Slack listeners, the CLI and the alert's
 * `Start runbook` button all call these.
 */
import { sleep as realSleep } from '../clock.js';
import { IncidentEngine } from '../incidents/engine.js';
import { IncidentResolvedError, NoRunbookError, NotLeadError, StepStateError, UnknownAlertError, UnknownIncidentError, UnknownStepError, WrongStepKindError } from '../incidents/errors.js';
import { loadRunbook } from '../incidents/runbook-load.js';
import type { Incident, IncidentStep, LinkedAlert, Runbook } from '../incidents/types.js';
import { translator } from '../i18n/index.js';
import { describeAlert, plainFormat } from '../monitor/describe.js';
import { hostSnapshot, type HostSnapshot } from '../probes/snapshot.js';
import { assertMayMutate } from './access.js';
import { noteIncidentOnAlert } from './alerts.js';
import { audited } from './audited.js';
import type { LocalRoute } from './incident-route.js';
import type { PeopleDirectory } from './people.js';
import { actorLabel, notificationsOf, type Actor, type OpsContext } from './types.js';

export { addNote, completeStep, failInterruptedSteps, runStep, skipStep, submitStepText, switchBack } from './incident-steps.js';
export { resolveIncident, exportIncident } from './incident-resolve.js';

export interface IncidentTuning {
  verifyRounds: number;
  verifyIntervalMs: number;
  sleep: (ms: number) => Promise<void>;
  /** the host snapshot for the postmortem (tests pass a cheap one) */
  snapshot: (ctx: OpsContext) => Promise<HostSnapshot | null>;
}

export interface IncidentOpsContext extends OpsContext {
  engine: IncidentEngine;
  /** the runbook new incidents follow; null when services.yaml has no `runbook:` */
  runbook: Runbook | null;
  tuning: IncidentTuning;
  /** set inside `teach run`: where its notifications go, from the daemon itself */
  localRoute?: LocalRoute;
  /** people by name in the postmortem (Slack's users.info when Slack is configured); default: the cache */
  people?: PeopleDirectory;
}

const defaultTuning: IncidentTuning = {
  verifyRounds: 3,
  verifyIntervalMs: 1000,
  sleep: realSleep,
  snapshot: (ctx) => hostSnapshot({ mounts: ctx.config.monitor.disks, top: 5 }).catch(() => null),
};

/** Loads the runbook (a ConfigError with every problem when it is invalid) and binds the engine to the store. */
export function incidentContext(ctx: OpsContext, tuning: Partial<IncidentTuning> = {}): IncidentOpsContext {
  const runbook = ctx.config.runbook ? loadRunbook(ctx.config.runbook) : null;
  const engine = new IncidentEngine({ repo: ctx.store.incidents, clock: ctx.clock, locale: ctx.config.locale, notifications: notificationsOf(ctx) });
  return { ...ctx, engine, runbook, tuning: { ...defaultTuning, ...tuning } };
}

const contexts = new WeakMap<OpsContext, IncidentOpsContext>();

/**
 * The incident context bound to `ctx`, made once per OpsContext, so the Slack listeners and the daemon part share one
 * engine (and its outbox kick). `tuning` only counts on the first call.
 */
export function incidentsOf(ctx: OpsContext, tuning: Partial<IncidentTuning> = {}): IncidentOpsContext {
  let c = contexts.get(ctx);
  if (!c) {
    c = incidentContext(ctx, tuning);
    contexts.set(ctx, c);
  }
  return c;
}

/** The alert as the incident remembers it; its title is what the alert is about ("llm is down"), not its detail. */
function linkedFromAlert(ctx: OpsContext, alertId: number): Omit<LinkedAlert, 'linked_at'> | undefined {
  const a = ctx.store.alerts.get(alertId);
  if (!a) return undefined;
  return { key: a.key, alert_id: a.id, service: a.service, title: describeAlert(a, ctx.config, plainFormat).title, fired_at: a.started_at };
}

/**
 * The incident message goes to alerts.channel; without one, to `req.channel` (where /teach incident was typed).
 * `created: false` when an open incident already follows that alert: the button leads to it instead of a twin.
 */
export async function declareIncident(ctx: IncidentOpsContext, actor: Actor, req: { title?: string; alertId?: number; channel?: string | null }): Promise<{ incident: Incident; created: boolean }> {
  return audited(ctx, actor, { action: 'incident.declare', args: { title: req.title ?? null, alert: req.alertId ?? null } }, () => {
    assertMayMutate(ctx.config, actor);
    if (!ctx.runbook) throw new NoRunbookError(ctx.config.locale);
    const alert = req.alertId === undefined ? undefined : linkedFromAlert(ctx, req.alertId);
    if (req.alertId !== undefined && !alert) throw new UnknownAlertError(req.alertId, ctx.config.locale);
    if (alert) {
      const existing = ctx.store.incidents.list({ state: 'open' }).find((i) => i.alerts.some((a) => a.key === alert.key));
      if (existing) return { incident: existing, created: false };
    }
    const title = req.title?.trim() || (alert ? alert.title : translator(ctx.config.locale)('incidents.default_title'));
    const channel = ctx.config.alerts.channel ?? req.channel ?? null;
    const incident = ctx.engine.declare({ title, by: actorLabel(actor), runbook: ctx.runbook, alerts: alert ? [alert] : [], channel });
    if (alert?.alert_id != null) noteIncidentOnAlert(ctx, actor, alert.alert_id, incident);
    return { incident, created: true };
  });
}

export async function takeLead(ctx: IncidentOpsContext, actor: Actor, id: number): Promise<boolean> {
  return audited(ctx, actor, { action: 'incident.lead', args: { incident: id } }, () => {
    assertMayMutate(ctx.config, actor);
    return ctx.engine.takeLead(id, actorLabel(actor));
  });
}

/**
 * A new title; false when it is the one it has. In Slack only the lead renames (the host user is trusted, as for
 * every other change from the CLI).
 */
export async function renameIncident(ctx: IncidentOpsContext, actor: Actor, id: number, title: string): Promise<boolean> {
  return audited(ctx, actor, { action: 'incident.rename', args: { incident: id, title } }, () => {
    assertMayMutate(ctx.config, actor);
    assertLead(ctx, actor, id);
    return ctx.engine.rename(id, actorLabel(actor), title);
  });
}

export function assertLead(ctx: IncidentOpsContext, actor: Actor, id: number): void {
  const inc = ctx.engine.get(id);
  if (actor.source === 'slack' && inc.lead !== actorLabel(actor)) throw new NotLeadError(id, inc.lead, ctx.config.locale);
}

/** Read-only: no permission needed. */
export function listIncidents(ctx: OpsContext, opts: { state?: 'open' | 'resolved'; limit?: number } = {}): Incident[] {
  return ctx.store.incidents.list(opts);
}

export function getIncident(ctx: OpsContext, id: number): Incident {
  const inc = ctx.store.incidents.get(id);
  if (!inc) throw new UnknownIncidentError(id, ctx.config.locale);
  return inc;
}

/**
 * The step a form is about to open for (Write on a text step, Skip on an open or failed one): operators only, the
 * incident open, the step known and fit for the form. Checked before the modal opens, so nobody types a note or a
 * reason that would then be refused.
 */
export function stepForForm(ctx: OpsContext, actor: Actor, id: number, stepId: string, form: 'text' | 'skip'): { incident: Incident; step: IncidentStep } {
  assertMayMutate(ctx.config, actor);
  const { locale } = ctx.config;
  const incident = getIncident(ctx, id);
  if (incident.state !== 'open') throw new IncidentResolvedError(incident.id, incident.resolved_by ?? '?', locale);
  const step = incident.steps.find((s) => s.id === stepId);
  if (!step) throw new UnknownStepError(incident.id, stepId, incident.steps.map((s) => s.id), locale);
  if (form === 'text' && step.kind !== 'text') throw new WrongStepKindError(step.id, step.kind, locale);
  if (form === 'skip' && step.state !== 'open' && step.state !== 'failed') throw new StepStateError(step.id, step.state, step.by ?? '?', locale);
  return { incident, step };
}
