/**
 * The incident runbook as user intents: declare, take lead, complete a step, run a step's action, write a step's
 * text, switch back from a fallback, resolve. Each one is permission-checked and audited here; step actions restart
 * through runLifecycle (its own audit entry, the supervisor's one-operation-per-service lock), never around it.
 * Slack listeners, the CLI and the alert's `Start runbook` button all call these.
 */
import { sleep as realSleep } from '../clock.js';
import { errorMessage } from '../errors.js';
import { stepAction, type ActionDeps } from '../incidents/actions/index.js';
import { IncidentEngine } from '../incidents/engine.js';
import { NoRunbookError, NotOnFallbackError, UnknownAlertError, UnknownIncidentError, WrongStepKindError } from '../incidents/errors.js';
import { postmortemMarkdown, writePostmortem } from '../incidents/postmortem.js';
import { loadRunbook } from '../incidents/runbook-load.js';
import type { Incident, LinkedAlert, Runbook } from '../incidents/types.js';
import { translator } from '../i18n/index.js';
import { checkHealth } from '../probes/health.js';
import { hostSnapshot, type HostSnapshot } from '../probes/snapshot.js';
import { paths } from '../util/paths.js';
import { assertMayMutate } from './access.js';
import { noteIncidentOnAlert } from './alerts.js';
import { audited } from './audited.js';
import { runLifecycle } from './lifecycle.js';
import { collectStatus } from './status.js';
import { actorLabel, notificationsOf, type Actor, type OpsContext } from './types.js';

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

function linkedFromAlert(ctx: OpsContext, alertId: number): Omit<LinkedAlert, 'linked_at'> | undefined {
  const a = ctx.store.alerts.get(alertId);
  return a ? { key: a.key, alert_id: a.id, service: a.service, title: a.detail ?? a.key, fired_at: a.started_at } : undefined;
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

export async function completeStep(ctx: IncidentOpsContext, actor: Actor, id: number, step: string): Promise<Incident> {
  return audited(ctx, actor, { action: 'incident.step', args: { incident: id, step } }, () => {
    assertMayMutate(ctx.config, actor);
    return ctx.engine.completeStep(id, step, actorLabel(actor));
  });
}

export async function submitStepText(ctx: IncidentOpsContext, actor: Actor, id: number, step: string, text: string): Promise<Incident> {
  // The text itself stays out of the audit log: it is in the incident, and notes can be long.
  return audited(ctx, actor, { action: 'incident.text', args: { incident: id, step, chars: text.length } }, () => {
    assertMayMutate(ctx.config, actor);
    return ctx.engine.submitText(id, step, actorLabel(actor), text);
  });
}

/**
 * Runs a step's built-in action as `actor`: running -> done / failed (or back to open when it must ask which
 * service). `onRunning` is called once the step shows as running, so an adapter can answer before the work is over.
 */
export async function runStep(ctx: IncidentOpsContext, actor: Actor, id: number, step: string, opts: { service?: string; onRunning?: () => void } = {}): Promise<Incident> {
  return audited(
    ctx,
    actor,
    { action: 'incident.run', args: { incident: id, step, ...(opts.service ? { service: opts.service } : {}) }, outcome: (inc) => outcomeOf(inc, step) },
    async () => {
      assertMayMutate(ctx.config, actor);
      const by = actorLabel(actor);
      const def = ctx.engine.beginRun(id, step, by);
      if (def.run === null) throw new WrongStepKindError(step, def.kind, ctx.config.locale);
      opts.onRunning?.();
      const incident = ctx.engine.get(id);
      const req = { incident, step: def, ...(opts.service !== undefined ? { service: opts.service } : {}) };
      let outcome;
      try {
        outcome = await stepAction(def.run)(actionDeps(ctx, actor, incident), req);
      } catch (e) {
        outcome = { result: 'failed' as const, detail: errorMessage(e) };
      }
      for (const post of outcome.posts ?? []) ctx.engine.outbox.post(id, post);
      if (outcome.recovered) ctx.engine.markRecovered(id);
      return ctx.engine.finishRun(id, step, by, outcome);
    },
  );
}

function outcomeOf(inc: Incident, step: string): { outcome: 'ok' | 'failed'; detail: string | null } {
  const s = inc.steps.find((x) => x.id === step);
  return { outcome: s?.state === 'failed' ? 'failed' : 'ok', detail: s?.detail ?? null };
}

/** `Switch back` after a fallback: the same service restarted without the overrides. */
export async function switchBack(ctx: IncidentOpsContext, actor: Actor, id: number, step: string, service: string): Promise<boolean> {
  const tr = translator(ctx.config.locale);
  return audited(ctx, actor, { action: 'incident.switch_back', args: { incident: id, service }, outcome: (ok) => ({ outcome: ok ? 'ok' : 'failed' }) }, async () => {
    assertMayMutate(ctx.config, actor);
    ctx.engine.get(id);
    if (!ctx.supervisor.runtime(service)[0]?.fallback) throw new NotOnFallbackError(service, ctx.config.locale);
    const results = await runLifecycle(ctx, actor, { action: 'restart', target: service, fallback: false });
    const mine = results.find((r) => r.service === service);
    const ok = results.every((r) => r.ok);
    const failures = results.filter((r) => !r.ok).map((r) => tr('incidents.act_restart_failed', { service: r.service, error: r.error?.message ?? 'failed' }));
    ctx.engine.note(id, actorLabel(actor), step, ok ? tr('incidents.act_switched_back', { service, pid: mine?.pid ?? '?' }) : failures.join('; '));
    return ok;
  });
}

/** Closes the incident, writes logs/incidents/<id>.md and queues its upload to the thread. */
export async function resolveIncident(ctx: IncidentOpsContext, actor: Actor, id: number): Promise<{ incident: Incident; file: string }> {
  return audited(ctx, actor, { action: 'incident.resolve', args: { incident: id } }, async () => {
    assertMayMutate(ctx.config, actor);
    const by = actorLabel(actor);
    ctx.engine.resolve(id, by);
    const snapshot = await ctx.tuning.snapshot(ctx);
    const incident = ctx.engine.get(id);
    const md = postmortemMarkdown(incident, ctx.store.incidents.events(id), snapshot, ctx.config.locale);
    const file = writePostmortem(paths.incidentsDir(ctx.config.logs_dir), incident, md);
    ctx.engine.attachPostmortem(id, file, translator(ctx.config.locale)('incidents.file_title', { id }));
    return { incident: ctx.engine.get(id), file };
  });
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

/** The postmortem as written at resolution; for an open incident, as it would read now (without a snapshot). */
export function exportIncident(ctx: OpsContext, id: number): string {
  const inc = getIncident(ctx, id);
  return postmortemMarkdown(inc, ctx.store.incidents.events(id), null, ctx.config.locale);
}

function actionDeps(ctx: IncidentOpsContext, actor: Actor, incident: Incident): ActionDeps {
  // The incident follows the runbook it was declared with, even if runbook.yaml changed since.
  const runbook = ctx.store.incidents.runbookOf(incident.id) ?? ctx.runbook ?? { file: '', phases: [], notify: { channel: null, mention: [] } };
  return {
    config: ctx.config,
    runbook,
    tr: translator(ctx.config.locale),
    status: () => collectStatus(ctx),
    restart: (service, fallback) => runLifecycle(ctx, actor, { action: 'restart', target: service, ...(fallback !== undefined ? { fallback } : {}) }),
    health: (service) => {
      const h = ctx.config.services[service]?.health;
      return h ? checkHealth(h) : Promise.resolve({ ok: true, latencyMs: 0 });
    },
    healthTargets: () => ctx.supervisor.runtime().filter((r) => r.desired !== 'stopped' && ctx.config.services[r.name]?.health).map((r) => r.name),
    isAlertActive: (a) => (a.alert_id === null ? true : ctx.store.alerts.get(a.alert_id)?.state !== 'resolved'),
    sleep: ctx.tuning.sleep,
    verify: { rounds: ctx.tuning.verifyRounds, intervalMs: ctx.tuning.verifyIntervalMs },
  };
}
