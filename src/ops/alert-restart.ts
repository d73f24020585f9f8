/**
 * The alert's Restart button as a user intent: the restart runs like `/teach restart <svc>` (permission, audit, one
 * operation per service), but its progress and result are ONE line in the alert's thread (edited from "restarting"
 * to the result) and a success resolves the alert, instead of a new message in the channel. A second click while a
 * restart from the alert runs, or while anything else operates on the service, changes nothing and says who is on it.
 */
import type { AlertRow } from '../store/alerts.js';
import type { LifecycleEvent, ServiceResult } from '../supervisor/types.js';
import { AlertNotFoundError, alertBook } from './alerts.js';
import { assertMayMutate } from './access.js';
import { audited } from './audited.js';
import { runLifecycle } from './lifecycle.js';
import { actorLabel, type Actor, type OpsContext } from './types.js';
import type { Store } from '../store/index.js';

export type AlertRestartResult =
  | { status: 'done'; alert: AlertRow; result: ServiceResult | undefined }
  /** the alert resolved before the click: nothing restarted */
  | { status: 'resolved'; alert: AlertRow }
  /** a restart from this alert is running: who started it, when */
  | { status: 'running'; alert: AlertRow; by: string; since: number }
  /** something else operates on the service right now (an automatic restart, a CLI `teach restart` ...) */
  | { status: 'busy'; alert: AlertRow; purpose: string; pid: number };

/** Restarts from alerts under way in this process, per store (Slack clicks all land in the one `teach run`). */
const running = new WeakMap<Store, Map<number, { by: string; since: number }>>();

const RESOLVED_BY_RESTART: readonly AlertRow['kind'][] = ['service_down', 'health', 'crash_loop'];

export async function restartFromAlert(ctx: OpsContext, actor: Actor, alertId: number, onEvent?: (e: LifecycleEvent) => void): Promise<AlertRestartResult> {
  return audited(
    ctx,
    actor,
    { action: 'alert.restart', args: { alert: alertId }, outcome: (r: AlertRestartResult) => alertRestartOutcome(r) },
    async () => {
      assertMayMutate(ctx.config, actor);
      const alert = ctx.store.alerts.get(alertId);
      if (!alert || alert.service === null) throw new AlertNotFoundError(alertId, ctx.config.locale);
      if (alert.state === 'resolved') return { status: 'resolved', alert };
      const mine = running.get(ctx.store) ?? new Map<number, { by: string; since: number }>();
      running.set(ctx.store, mine);
      const already = mine.get(alertId);
      if (already) return { status: 'running', alert, ...already };
      const holder = ctx.store.locks.holder(`service:${alert.service}`);
      if (holder) return { status: 'busy', alert, purpose: holder.purpose, pid: holder.holder_pid };
      mine.set(alertId, { by: actorLabel(actor), since: ctx.clock.now() });
      try {
        return { status: 'done', alert, result: await restartWithLine(ctx, actor, alert, alert.service, onEvent) };
      } finally {
        mine.delete(alertId);
      }
    },
  );
}

async function restartWithLine(ctx: OpsContext, actor: Actor, alert: AlertRow, service: string, onEvent?: (e: LifecycleEvent) => void): Promise<ServiceResult | undefined> {
  const book = alertBook(ctx);
  const who = actorLabel(actor);
  const line = { line: `restart:${who}:${ctx.clock.now()}` };
  book.note(alert.id, 'operator_restarting', { service, who }, line, who);
  let result: ServiceResult | undefined;
  try {
    const results = await runLifecycle(ctx, actor, { action: 'restart', target: service, ...(onEvent ? { onEvent } : {}) });
    result = results.find((r) => r.service === service) ?? results.find((r) => !r.ok);
  } catch (e) {
    book.note(alert.id, 'operator_restart_failed', { service, who, error: e instanceof Error ? e.message : String(e) }, line, who);
    throw e;
  }
  if (result?.ok && result.service === service) {
    book.note(alert.id, 'operator_restarted', { service, who, duration_ms: result.ms, pid: result.pid ?? 0 }, line, who);
    if (RESOLVED_BY_RESTART.includes(alert.kind)) book.resolve(alert.key, 'operator_restart', who);
  } else {
    const error = result?.error?.message ?? 'failed';
    book.note(alert.id, 'operator_restart_failed', { service, who, error }, line, who);
    book.addCause(alert.id, { error });
  }
  return result;
}

/** The audit outcome of a restart from an alert (the operation's own row, and the Slack click's). */
export function alertRestartOutcome(r: AlertRestartResult): { outcome: 'ok' | 'failed'; detail?: string } {
  switch (r.status) {
    case 'done':
      return r.result?.ok ? { outcome: 'ok', detail: `${r.result.service} pid ${r.result.pid ?? '?'}` } : { outcome: 'failed', detail: r.result?.error?.message ?? 'failed' };
    case 'resolved':
      return { outcome: 'failed', detail: `alert #${r.alert.id} is resolved` };
    case 'running':
      return { outcome: 'failed', detail: `a restart from alert #${r.alert.id} by ${r.by} is running` };
    case 'busy':
      return { outcome: 'failed', detail: `busy: ${r.purpose} (pid ${r.pid})` };
  }
}
