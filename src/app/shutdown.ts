/**
 * Stopping the daemon's parts in the order that loses nothing (issue 9):
 * 1. quiesce, in reverse start order: stop taking new work first (Slack listeners close, the monitor schedules no
 *    more rounds or automatic restarts, maintenance timers stop);
 * 2. drain, in reverse start order, under one deadline: lifecycle operations and automatic restarts under way
 *    finish and record their result; delivery (started first, so drained last) flushes what they queued;
 * 3. stop, in reverse start order; the caller closes the store after this.
 * A part that throws is logged and the others still stop.
 */
import { errorMessage } from '../errors.js';
import type { DaemonPart } from './run.js';

/** Everything must fit in systemd's TimeoutStopSec (30 s in the unit `teach service install` writes). */
export const SHUTDOWN_BUDGET_MS = 25_000;

export async function shutdownParts(parts: DaemonPart[], log: (line: string) => void, budgetMs = SHUTDOWN_BUDGET_MS): Promise<void> {
  const deadline = Date.now() + budgetMs;
  const reversed = [...parts].reverse();
  const guarded = async (part: DaemonPart, what: string, fn: () => unknown) => {
    try {
      await fn();
    } catch (e) {
      log(`${part.name}: ${what}: ${errorMessage(e)}`);
    }
  };
  for (const p of reversed) if (p.quiesce) await guarded(p, 'quiesce', () => p.quiesce!());
  for (const p of reversed) if (p.drain) await guarded(p, 'drain', () => p.drain!(deadline));
  for (const p of reversed) await guarded(p, 'stop', () => p.stop());
  parts.length = 0;
}
