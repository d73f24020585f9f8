/**
 * The runbook's steps as user intents, the same from Slack and the terminal: Done, Run (the built-in action), Write,
 * Skip with a reason, a note, Switch back after a fallback. Each one permission-checked and audited; step actions
 * restart through runLifecycle (its own audit entry, the supervisor's one-operation-per-service lock).
 * A running step is held by a lock naming its process, so any process can tell a step still running elsewhere from
 * one whose runner died (`teach incident step ... run` interrupted, a bot killed mid-action).
 */
import { errorMessage } from '../errors.js';
import { stepAction } from '../incidents/actions/index.js';
import { NotOnFallbackError, StepStateError, WrongStepKindError } from '../incidents/errors.js';
import type { Incident } from '../incidents/types.js';
import { translator } from '../i18n/index.js';
import type { Store } from '../store/index.js';
import { assertMayMutate } from './access.js';
import { audited } from './audited.js';
import { actionDeps } from './incident-actions.js';
import type { IncidentOpsContext } from './incidents.js';
import { runLifecycle } from './lifecycle.js';
import { actorLabel, type Actor } from './types.js';

export const stepLockName = (id: number, step: string): string => `incident:${id}:step:${step}`;

/** Steps shown as running whose runner is gone become failed (with the reason), so they can be run again. */
export function failInterruptedSteps(ctx: IncidentOpsContext): number {
  return ctx.engine.failInterrupted(translator(ctx.config.locale)('incidents.interrupted'), (id, step) => runnerAlive(ctx.store, id, step));
}

const runnerAlive = (store: Store, id: number, step: string): boolean => store.locks.holder(stepLockName(id, step)) !== undefined;

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

export async function skipStep(ctx: IncidentOpsContext, actor: Actor, id: number, step: string, reason: string): Promise<Incident> {
  return audited(ctx, actor, { action: 'incident.skip', args: { incident: id, step, reason } }, () => {
    assertMayMutate(ctx.config, actor);
    failInterruptedSteps(ctx);
    return ctx.engine.skipStep(id, step, actorLabel(actor), reason);
  });
}

/** A note on a step (or on the incident): a line in the timeline, the thread and the postmortem. */
export async function addNote(ctx: IncidentOpsContext, actor: Actor, id: number, step: string | null, text: string): Promise<void> {
  return audited(ctx, actor, { action: 'incident.note', args: { incident: id, step, chars: text.length } }, () => {
    assertMayMutate(ctx.config, actor);
    ctx.engine.addNote(id, actorLabel(actor), step, text);
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
      failInterruptedSteps(ctx);
      const lock = ctx.store.locks.tryAcquire(stepLockName(id, step), `incident #${id} step ${step}`, ctx.clock.now());
      if (!('release' in lock)) {
        const current = ctx.engine.get(id).steps.find((s) => s.id === step);
        throw new StepStateError(step, 'running', current?.by ?? '?', ctx.config.locale);
      }
      try {
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
        if (outcome.notified) ctx.engine.setNotified(id, { ...outcome.notified, at: ctx.clock.now(), by });
        if (outcome.recovered) ctx.engine.markRecovered(id);
        return ctx.engine.finishRun(id, step, by, outcome);
      } finally {
        lock.release();
      }
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
    const failures = results.filter((r) => !r.ok).map((r) => tr('incidents.act_restart_failed', { service: r.service, error: r.error?.message ?? tr('incidents.act_failed') }));
    ctx.engine.note(id, actorLabel(actor), step, ok ? tr('incidents.act_switched_back', { service, pid: mine?.pid ?? '?' }) : failures.join('; '));
    return ok;
  });
}
