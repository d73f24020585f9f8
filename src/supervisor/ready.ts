/**
 * Health-gated start: after spawn, poll the health check until it passes or `start_timeout` runs out, watching the
 * child's exit event so a service that dies at once is reported at once (with its exit code), not after the timeout.
 * A service without a health check counts as started once it has stayed alive for a moment.
 */
import type { ServiceConfig } from '../config/types.js';
import { formatDuration } from '../config/units.js';
import type { TeachopsError } from '../errors.js';
import { checkHealth } from '../probes/health.js';
import type { Ctx } from './context.js';
import { ExitedDuringStartError, StartTimeoutError } from './errors.js';
import type { ExitResult, Spawned } from './spawn.js';

/**
 * The first poll comes 10 ms after the spawn and the pause grows by half each time up to 150 ms: a service up in
 * 70 ms is seen within ~15 ms of it (a fixed 150 ms added 75 ms to every restart on average), a slow one is still
 * asked at most every 150 ms. A refused connection costs the starting service nothing.
 */
const FIRST_POLL_MS = 10;
const POLL_MS = 150;
const ALIVE_MS = 300;

export type Readiness = { ok: true; ms: number } | { ok: false; error: TeachopsError };

export async function waitReady(ctx: Ctx, svc: ServiceConfig, spawned: Spawned, spawnedAt: number): Promise<Readiness> {
  // A holder object, not a `let`: the callback sets it, and TS would otherwise keep it narrowed to undefined.
  const seen: { exit?: ExitResult } = {};
  void spawned.exited.then((e) => (seen.exit = e));
  const exitedError = (e: ExitResult) =>
    new ExitedDuringStartError(svc.name, e.code, e.signal, formatDuration(ctx.clock.now() - spawnedAt), ctx.config.locale);
  const pause = (ms: number) => Promise.race([ctx.sleep(ms), spawned.exited]);

  if (svc.health === null) {
    await pause(Math.min(ALIVE_MS, svc.start_timeout));
    return seen.exit ? { ok: false, error: exitedError(seen.exit) } : { ok: true, ms: ctx.clock.now() - spawnedAt };
  }
  const deadline = spawnedAt + svc.start_timeout;
  const noAnswer = ctx.tr('supervisor.health_no_answer');
  let last = noAnswer;
  let pauseMs = FIRST_POLL_MS;
  for (;;) {
    if (seen.exit) return { ok: false, error: exitedError(seen.exit) };
    const timeout = Math.max(1, Math.min(svc.health.timeout, deadline - ctx.clock.now()));
    const r = await checkHealth({ ...svc.health, timeout }, undefined, ctx.config.locale);
    if (r.ok && !seen.exit) return { ok: true, ms: ctx.clock.now() - spawnedAt };
    // A last check cut short by the deadline says nothing ("timed out after 3 ms"): keep the previous verdict.
    if (r.error && !(r.timedOut && timeout < svc.health.timeout && last !== noAnswer)) last = r.error;
    if (seen.exit) return { ok: false, error: exitedError(seen.exit) };
    if (ctx.clock.now() >= deadline) {
      return { ok: false, error: new StartTimeoutError(svc.name, svc.start_timeout, last, formatDuration(svc.start_timeout), ctx.config.locale) };
    }
    await pause(Math.min(pauseMs, Math.max(0, deadline - ctx.clock.now())));
    pauseMs = Math.min(POLL_MS, Math.ceil(pauseMs * 1.5));
  }
}
