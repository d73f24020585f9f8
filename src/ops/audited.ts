/**
 * Every command and click, allowed or refused, lands in the audit log with who, where, what, the outcome and how
 * long it took. `audited()` wraps an operation so no entry point can forget.
 */
import type { AuditOutcome } from '../store/index.js';
import type { OpsContext, Actor } from './types.js';
import { isRefusal } from './errors.js';
import { errorMessage } from '../errors.js';
import { redact } from '../util/redact.js';

export interface AuditSpec<T> {
  action: string;
  args: unknown;
  /** outcome of a completed call; default 'ok' */
  outcome?: (result: T) => { outcome: AuditOutcome; detail?: string | null };
}

export async function audited<T>(ctx: OpsContext, actor: Actor, spec: AuditSpec<T>, fn: () => Promise<T> | T): Promise<T> {
  const started = ctx.clock.now();
  const record = (outcome: AuditOutcome, detail: string | null) =>
    ctx.store.audit.record({
      at: started,
      source: actor.source,
      actor: actor.id,
      channel: actor.channel ?? null,
      action: spec.action,
      args: spec.args,
      outcome,
      detail: detail === null ? null : redact(detail),
      duration_ms: ctx.clock.now() - started,
    });
  try {
    const result = await fn();
    const o = spec.outcome?.(result) ?? { outcome: 'ok' as const };
    record(o.outcome, o.detail ?? null);
    return result;
  } catch (e) {
    const refused = isRefusal(e);
    record(refused ? 'refused' : 'error', errorMessage(e));
    throw e;
  }
}
