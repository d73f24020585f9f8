/**
 * Exit events for processes this instance spawned, seen at once through the child handle. An exit while teachops
 * was starting or stopping the process is `expected` (that operation reports it), and so is one while another
 * process operates on the service (a CLI restart, a restore: their lock or operation is held); any other exit is a
 * crash: it is recorded in the service stats and the service log. Its pid file goes only when nothing of the
 * instance is left: workers still carrying the mark make the service `orphaned`, and the file is how they are found.
 */
import { paths } from '../util/paths.js';
import type { Ctx } from './context.js';
import { operationHolding } from './operation.js';
import { treeAlive } from './ownership.js';
import { readPidFile, removePidFile } from './pidfile.js';
import { appendTeachopsLine } from './servicelog.js';
import type { Spawned } from './spawn.js';

export function watchExit(ctx: Ctx, service: string, spawned: Spawned): void {
  ctx.children.set(spawned.pid, { service, identity: spawned.identity, expected: true, exited: spawned.exited });
  void spawned.exited.then(({ code, signal }) => {
    const child = ctx.children.get(spawned.pid);
    ctx.children.delete(spawned.pid);
    let expected = child?.expected ?? true;
    try {
      if (!expected && operationHolding(ctx, service)) expected = true;
    } catch {
      // The store may already be closed when teachops itself is shutting down.
    }
    if (!expected) {
      const how = signal ? ctx.tr('supervisor.exit_signal', { signal }) : ctx.tr('supervisor.exit_code', { code: String(code) });
      const line = ctx.tr('supervisor.log_exited', { service, pid: spawned.pid, how });
      appendTeachopsLine(paths.serviceLog(ctx.config.logs_dir, service), line, ctx.clock.now(), ctx.store.writes.holds);
      ctx.log(line);
      try {
        ctx.store.stats.recordExit(service, code, ctx.clock.now());
        removeOwnPidFile(ctx, service, spawned);
      } catch (e) {
        // The store may already be closed when teachops itself is shutting down; the exit is still reported below.
        ctx.log(`could not record the exit of ${service}: ${(e as Error).message}`);
      }
    }
    ctx.emitExit({ service, pid: spawned.pid, code, signal: signal ?? null, expected });
  });
}

/** Only when nobody is operating on the service, only if the file still names this very process, only when it left nothing. */
function removeOwnPidFile(ctx: Ctx, service: string, spawned: Spawned): void {
  const held = ctx.locks.tryHold(service, `cleanup after exit of ${service}`);
  if (!held) return;
  try {
    const read = readPidFile(ctx.config.logs_dir, service);
    if (!read || !('record' in read)) return;
    const r = read.record;
    if (r.pid === spawned.pid && r.start_time === spawned.identity.startTime && !treeAlive(r)) removePidFile(ctx.config.logs_dir, service);
  } finally {
    held.release();
  }
}
