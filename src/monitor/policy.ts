/**
 * The restart policy as a pure decision (DESIGN.md "Restart policy"): exponential backoff from `backoff` to
 * `backoff_max`, and the crash-loop guard: more than `max_restarts` restarts within `window` and teachops gives up.
 * Restarts older than `window` no longer count, which is the "reset after healthy for window": any restart inside the
 * window means the service has not yet stayed up that long.
 */
import type { ServiceConfig } from '../config/types.js';
import { backoffDelay } from '../util/backoff.js';

/** How the process ended: known for the processes this teachops spawned, unknown for adopted ones. */
export interface ExitFacts {
  code: number | null;
  signal: string | null;
}

export type RestartDecision =
  | { action: 'none'; reason: 'policy' | 'clean_exit' }
  | { action: 'restart'; delayMs: number; n: number; max: number }
  | { action: 'give_up'; n: number };

export function decideRestart(restart: ServiceConfig['restart'], exit: ExitFacts | undefined, history: readonly number[], now: number): RestartDecision {
  if (restart.policy === 'never') return { action: 'none', reason: 'policy' };
  const clean = exit !== undefined && exit.code === 0 && exit.signal === null;
  if (restart.policy === 'on-failure' && clean) return { action: 'none', reason: 'clean_exit' };
  const recent = recentRestarts(restart, history, now);
  if (recent.length >= restart.max_restarts) return { action: 'give_up', n: recent.length };
  const delayMs = backoffDelay(recent.length, { initialMs: restart.backoff, maxMs: restart.backoff_max });
  return { action: 'restart', delayMs, n: recent.length + 1, max: restart.max_restarts };
}

export function recentRestarts(restart: ServiceConfig['restart'], history: readonly number[], now: number): number[] {
  return history.filter((t) => now - t < restart.window);
}
