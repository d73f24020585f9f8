/**
 * Single-use buttons. A button that changes something is drawn with a token row (store.buttons) and the version
 * of the state it was drawn for: the pid shown, or "-" when the service was down. A click acts only if the token
 * is unused and the version still matches; otherwise the user is told who already acted, or what the state is
 * now, and nothing happens twice.
 */
import type { ServiceRuntime } from '../supervisor/types.js';
import type { OpsContext } from '../ops/types.js';
import type { ButtonToken } from '../store/buttons.js';
import { alreadyUsedMessage, staleMessage } from './views/notice.js';
import type { Interaction, Outcome } from './context.js';
import { encodeValue, tokenButton, type TokenButton } from './values.js';
import type { LifecycleAction } from '../supervisor/types.js';

export function runtimeVersion(runtimes: ServiceRuntime[]): string {
  return runtimes.map((r) => `${r.name}=${r.state === 'running' && r.pid !== null ? r.pid : '-'}`).join(',');
}

export function currentVersion(ops: OpsContext, target: string): string {
  return runtimeVersion(ops.supervisor.runtime(target === 'all' ? undefined : target));
}

/** Issues the token row and returns the button value that carries it. */
export function issueButton(ix: Interaction, b: { kind: string; target: string; version: string; act?: LifecycleAction }): string {
  const tok = ix.deps.ops.store.buttons.issue({ kind: b.kind, target: b.target, version: b.version, by: ix.user, at: ix.deps.ops.clock.now() });
  return encodeValue(tokenButton, { tok, svc: b.target, ver: b.version, ...(b.act ? { act: b.act } : {}) });
}

export type ClaimResult = { claimed: true; row: ButtonToken } | { claimed: false; outcome: Outcome };

/**
 * Claims the button for this click, or answers the user (ephemeral) why not. `kind` is what the handler expects
 * the token to be; a token of another kind or target is treated as stale rather than acted on.
 */
export async function claimButton(ix: Interaction, v: TokenButton, kind: string, result: 'done' | 'cancelled' = 'done'): Promise<ClaimResult> {
  const { ops, tr } = ix.deps;
  const runtimes = () => ops.supervisor.runtime(v.svc === 'all' ? undefined : v.svc);
  const used = async (row: ButtonToken): Promise<ClaimResult> => {
    await ix.reply.ephemeral(alreadyUsedMessage({ by: row.used_by ?? '?', at: row.used_at ?? 0, result: row.result ?? 'done', runtimes: runtimes() }, tr));
    return { claimed: false, outcome: { outcome: 'refused', detail: `already ${row.result ?? 'done'} by ${row.used_by ?? '?'}` } };
  };
  const stale = async (why: string): Promise<ClaimResult> => {
    await ix.reply.ephemeral(staleMessage(runtimes(), tr));
    return { claimed: false, outcome: { outcome: 'refused', detail: `stale button: ${why}` } };
  };

  const row = ops.store.buttons.get(v.tok);
  if (row === undefined) return stale('unknown token');
  if (row.kind !== kind || row.target !== v.svc || row.version !== v.ver) return stale('value does not match its token');
  if (row.used_at !== null) return used(row);
  // A cancel needs no version check: cancelling a question about an old state is always fine.
  if (result === 'done' && currentVersion(ops, row.target) !== row.version) return stale(`drawn for ${row.version}, now ${currentVersion(ops, row.target)}`);
  const c = ops.store.buttons.consume(v.tok, ix.user, ops.clock.now(), result);
  if (c.status === 'consumed') return { claimed: true, row: c.row };
  if (c.status === 'used') return used(c.row);
  return stale('token vanished');
}
