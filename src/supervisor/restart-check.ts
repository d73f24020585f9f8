/**
 * A restart that could not start the service again must not take a running service down: before anything is
 * stopped, the start's own preflight runs (command, cwd, env files, required variables; not the port, which the
 * running instance holds) with the profile the start would use. Any problem refuses the restart, names it, and the
 * service keeps running. A service that is not running has nothing to protect: its restart proceeds (and its start
 * reports the same problems).
 */
import type { ServiceConfig } from '../config/types.js';
import { paths } from '../util/paths.js';
import type { Ctx } from './context.js';
import { buildServiceEnv } from './env.js';
import { PreflightError, RestartRefusedError } from './errors.js';
import { inspect, lazyTable } from './ownership.js';
import { preflight } from './preflight.js';
import { wantsFallback } from './profile.js';
import { appendTeachopsLine } from './servicelog.js';
import type { LifecycleOptions, ServiceResult } from './types.js';

export function refusal(ctx: Ctx, svc: ServiceConfig, opts: LifecycleOptions): ServiceResult | undefined {
  const own = inspect(ctx.config, svc, { table: lazyTable(), cached: false });
  if (own.kind !== 'running') return undefined;
  const senv = buildServiceEnv(svc, wantsFallback(ctx.store, svc, opts.fallback), ctx.baseEnv, ctx.config.locale);
  const problems = preflight(ctx.config, svc, senv, false);
  if (problems.length === 0) return undefined;
  const problem = problems.length === 1 ? problems[0]! : new PreflightError(svc.name, problems, ctx.config.locale);
  const error = new RestartRefusedError(svc.name, problem, own.record.pid, ctx.config.locale);
  appendTeachopsLine(paths.serviceLog(ctx.config.logs_dir, svc.name), error.message, ctx.clock.now(), ctx.store.writes.holds);
  ctx.log(error.message);
  opts.onEvent?.({ type: 'refused', service: svc.name, reason: error.message });
  return { service: svc.name, action: 'restart', ok: false, ms: 0, pid: own.record.pid, error };
}
