/**
 * Current state of a service from its pid file, /proc, the ownership mark and the desired state: cheap, no health
 * checks, no writes. A running service costs a few small reads of its leader; the host is scanned only while a
 * leader is gone and its instance's processes have not yet been found extinct (ownership.ts).
 * A service that is down while an operation holds its lock (a restart, a restore, from any process) is shown as
 * stopped by that operation, not as crashed.
 */
import type { ServiceConfig } from '../config/types.js';
import { redact } from '../util/redact.js';
import type { ProcStat } from '../util/proc.js';
import type { Ctx } from './context.js';
import { operationNaming } from './operation.js';
import { inspect } from './ownership.js';
import type { ServiceRuntime } from './types.js';

export function serviceRuntime(ctx: Ctx, svc: ServiceConfig, table: () => readonly ProcStat[]): ServiceRuntime {
  const desired = ctx.store.desired.get(svc.name);
  const base = { name: svc.name, desired, port: svc.port };
  const none = { pid: null, pgid: null, started_at: null };
  const own = inspect(ctx.config, svc, { table, cached: true });
  switch (own.kind) {
    case 'running': {
      const r = own.record;
      return {
        ...base,
        state: 'running',
        pid: r.pid,
        pgid: r.pgid,
        started_at: r.started_at,
        ...(r.overrides ? { overrides: r.overrides } : {}),
        ...(r.fallback ? { fallback: true } : {}),
        ...(own.drift ? { reason: own.drift } : {}),
      };
    }
    case 'orphaned':
      return {
        ...base,
        ...none,
        pgid: own.record.pgid,
        state: 'orphaned',
        reason: redact(own.reason),
        orphans: own.left.map((m) => ({ pid: m.id.pid, command: redact(m.argv.join(' ')) })),
      };
    case 'stale':
    case 'none': {
      const stale = own.kind === 'stale' ? own.reason : undefined;
      if (desired === 'running') {
        const op = operationNaming(ctx, svc.name);
        if (op) {
          const key = op.alive ? 'supervisor.in_operation' : 'lifecycle.left_by_operation';
          return { ...base, ...none, state: 'stopped', reason: ctx.tr(key, { purpose: op.purpose, pid: op.pid, service: svc.name }) };
        }
        return { ...base, ...none, state: 'crashed', reason: stale ?? ctx.tr('supervisor.crashed_no_process') };
      }
      if (stale !== undefined) return { ...base, ...none, state: 'stale', reason: stale };
      return { ...base, ...none, state: 'stopped' };
    }
  }
}
