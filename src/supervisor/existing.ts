/**
 * What a lifecycle operation finds of a service before it acts: a verified running instance, an orphaned one (its
 * leader gone, marked processes alive: they must be stopped first), or nothing. A stale or unreadable pid file is
 * reported (`stale_removed`), written into the service log and removed; its pid is never signalled. Callers hold the
 * service lock, so nobody rewrites the file between our read and our removal. Always a fresh look at the host.
 */
import type { ServiceConfig } from '../config/types.js';
import { paths } from '../util/paths.js';
import type { Ctx } from './context.js';
import { inspect, lazyTable, type Ownership } from './ownership.js';
import { removePidFile } from './pidfile.js';
import { appendTeachopsLine } from './servicelog.js';
import type { LifecycleEvent } from './types.js';

export type Found = Exclude<Ownership, { kind: 'stale' }>;

export function ownedNow(ctx: Ctx, svc: ServiceConfig, onEvent: (e: LifecycleEvent) => void): Found {
  const own = inspect(ctx.config, svc, { table: lazyTable(), cached: false });
  if (own.kind !== 'stale') return own;
  removeStale(ctx, svc.name, own.pid, own.reason);
  onEvent({ type: 'stale_removed', service: svc.name, pid: own.pid, reason: own.reason });
  return { kind: 'none' };
}

export function removeStale(ctx: Ctx, service: string, pid: number, reason: string): void {
  removePidFile(ctx.config.logs_dir, service);
  const line = ctx.tr('supervisor.log_stale_removed', { service, pid, reason });
  appendTeachopsLine(paths.serviceLog(ctx.config.logs_dir, service), line, ctx.clock.now(), ctx.store.writes.holds);
  ctx.log(line);
}
