/** Current state of a service from its pid file, /proc and the desired state: cheap, no health checks, no writes. */
import type { ServiceConfig } from '../config/types.js';
import type { Ctx } from './context.js';
import { readPidFile, staleText, verifyRecord } from './pidfile.js';
import type { PidRecord, ServiceRuntime } from './types.js';

export function serviceRuntime(ctx: Ctx, svc: ServiceConfig): ServiceRuntime {
  const desired = ctx.store.desired.get(svc.name);
  const base = { name: svc.name, desired, port: svc.port };
  const read = readPidFile(ctx.config.logs_dir, svc.name);
  let record: PidRecord | undefined;
  let stale: string | undefined;
  if (read && 'record' in read) {
    record = read.record;
    const verdict = verifyRecord(record, ctx.config.locale);
    if (verdict === 'match') {
      return { ...base, state: 'running', pid: record.pid, pgid: record.pgid, started_at: record.started_at, ...(record.overrides ? { overrides: record.overrides } : {}) };
    }
    stale = verdict.stale;
  } else if (read) {
    stale = staleText('stale_corrupt', { reason: read.corrupt }, ctx.config.locale);
  }
  const none = { pid: null, pgid: null, started_at: null };
  if (desired === 'running') {
    return { ...base, ...none, state: 'crashed', reason: stale ?? ctx.tr('supervisor.crashed_no_process') };
  }
  if (stale !== undefined) return { ...base, ...none, state: 'stale', reason: stale };
  return { ...base, ...none, state: 'stopped' };
}
