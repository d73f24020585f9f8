/**
 * What the pid file says about a service right now: a verified running record, or nothing. A stale or unreadable
 * pid file is reported (`stale_removed`), written into the service log and removed; its pid is never signalled.
 * Callers hold the service lock, so nobody rewrites the file between our read and our removal.
 */
import type { ServiceConfig } from '../config/types.js';
import { paths } from '../util/paths.js';
import type { Ctx } from './context.js';
import { readPidFile, removePidFile, staleText, verifyRecord } from './pidfile.js';
import { appendTeachopsLine } from './servicelog.js';
import type { LifecycleEvent, PidRecord } from './types.js';

export function runningRecord(ctx: Ctx, svc: ServiceConfig, onEvent: (e: LifecycleEvent) => void): PidRecord | undefined {
  const read = readPidFile(ctx.config.logs_dir, svc.name);
  if (!read) return undefined;
  let pid = 0;
  let reason: string;
  if ('record' in read) {
    const verdict = verifyRecord(read.record, ctx.config.locale);
    if (verdict === 'match') return read.record;
    pid = read.record.pid;
    reason = verdict.stale;
  } else {
    reason = staleText('stale_corrupt', { reason: read.corrupt }, ctx.config.locale);
  }
  removeStale(ctx, svc.name, pid, reason);
  onEvent({ type: 'stale_removed', service: svc.name, pid, reason });
  return undefined;
}

export function removeStale(ctx: Ctx, service: string, pid: number, reason: string): void {
  removePidFile(ctx.config.logs_dir, service);
  const line = ctx.tr('supervisor.log_stale_removed', { service, pid, reason });
  appendTeachopsLine(paths.serviceLog(ctx.config.logs_dir, service), line, ctx.clock.now());
  ctx.log(line);
}
