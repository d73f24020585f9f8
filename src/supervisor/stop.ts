/** Stop one service (the caller holds its lock). Already stopped is success with `already: true`. */
import type { ServiceConfig } from '../config/types.js';
import type { Ctx } from './context.js';
import { runningRecord } from './existing.js';
import { removePidFile } from './pidfile.js';
import { terminate } from './terminate.js';
import type { LifecycleOptions, ServiceResult } from './types.js';

export async function stopService(ctx: Ctx, svc: ServiceConfig, opts: LifecycleOptions): Promise<ServiceResult> {
  const onEvent = opts.onEvent ?? (() => undefined);
  if (opts.recordDesired !== false) ctx.store.desired.set(svc.name, 'stopped', opts.by, ctx.clock.now());
  const record = runningRecord(ctx, svc, onEvent);
  if (!record) {
    onEvent({ type: 'already', service: svc.name, state: 'stopped' });
    return { service: svc.name, action: 'stop', ok: true, already: true, ms: 0 };
  }
  const out = await terminate(ctx, svc, record, opts.by, onEvent);
  // A process that survived SIGKILL keeps its pid file: it is still ours, and a later stop may still reach it.
  if (!(out.error && out.error.code === 'stop_failed')) removePidFile(ctx.config.logs_dir, svc.name);
  return out.error
    ? { service: svc.name, action: 'stop', ok: false, ms: out.ms, error: out.error }
    : { service: svc.name, action: 'stop', ok: true, ms: out.ms };
}
