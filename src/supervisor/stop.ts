/**
 * Stop one service (the caller holds its lock): its whole tree, an orphaned one included (workers left by a leader
 * that died). Already stopped is success with `already: true`. The pid file goes only once nothing of the instance
 * is left: a process that survived SIGKILL keeps it, so a later stop can still reach it.
 */
import type { ServiceConfig } from '../config/types.js';
import type { Ctx } from './context.js';
import { ownedNow } from './existing.js';
import { removePidFile } from './pidfile.js';
import { terminate } from './terminate.js';
import type { LifecycleOptions, ServiceResult } from './types.js';

export async function stopService(ctx: Ctx, svc: ServiceConfig, opts: LifecycleOptions): Promise<ServiceResult> {
  const onEvent = opts.onEvent ?? (() => undefined);
  if (opts.recordDesired !== false) ctx.store.desired.set(svc.name, 'stopped', opts.by, ctx.clock.now());
  const own = ownedNow(ctx, svc, onEvent);
  if (own.kind === 'none') {
    onEvent({ type: 'already', service: svc.name, state: 'stopped' });
    return { service: svc.name, action: 'stop', ok: true, already: true, ms: 0 };
  }
  if (own.kind === 'orphaned') onEvent({ type: 'orphans', service: svc.name, pids: own.left.map((m) => m.id.pid) });
  const out = await terminate(ctx, svc, own.record, opts.by, onEvent);
  if (!(out.error && out.error.code === 'stop_failed')) removePidFile(ctx.config.logs_dir, svc.name);
  return out.error
    ? { service: svc.name, action: 'stop', ok: false, ms: out.ms, error: out.error }
    : { service: svc.name, action: 'stop', ok: true, ms: out.ms };
}
