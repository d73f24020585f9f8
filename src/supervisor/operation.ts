/**
 * An operation that stops services on purpose for a while (a restore, from a CLI process): recorded in
 * `<logs_dir>/pids/operation.json`, next to the pid files, by a holder named by pid + start time + boot id. The file
 * lives outside the state database on purpose: a restore may replace the database (and every lock row in it) while
 * its services are down, and the monitor must still see that they are down by intent. While the holder lives, the
 * services it names are "in an operation" (no crash alert, no automatic restart, other lifecycle calls wait); once
 * the holder is gone (SIGKILL), `teach run` brings back the services that were running before it began.
 */
import { closeSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { paths } from '../util/paths.js';
import { identityOf, sameProcessAlive, type ProcIdentity } from '../util/proc.js';
import { ensureSafeDir, MODES, openReadNoFollow, writeFileSafe } from '../util/safe-fs.js';
import type { Ctx } from './context.js';

export interface OperationRecord {
  kind: string;
  purpose: string;
  by: string;
  holder: ProcIdentity;
  started_at: number;
  /** services the operation may stop and start */
  services: string[];
  /** services that were running when it began: what to bring back if the holder dies */
  running_before: string[];
  /** what the operation worked on (the archive of a restore), for the audit row */
  detail?: Record<string, string>;
}

export function operationFile(logsDir: string): string {
  return `${paths.pidDir(logsDir)}/operation.json`;
}

export function readOperation(logsDir: string): OperationRecord | undefined {
  // Nearly always absent, and asked several times per service per monitor tick: a failed open throws, which costs
  // far more than this check (issue 14's profile). A link here is refused by the open below, as before.
  if (!existsSync(operationFile(logsDir))) return undefined;
  let fd: number;
  try {
    fd = openReadNoFollow(operationFile(logsDir));
  } catch {
    return undefined; // none (ENOENT), or a symlink someone planted: not an operation of ours
  }
  try {
    const r = JSON.parse(readFileSync(fd, 'utf8')) as Partial<OperationRecord>;
    if (typeof r.kind !== 'string' || !r.holder || !Array.isArray(r.services) || !Array.isArray(r.running_before)) return undefined;
    return r as OperationRecord;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export function writeOperation(logsDir: string, rec: Omit<OperationRecord, 'holder'>): OperationRecord {
  const holder = identityOf(process.pid);
  if (!holder) throw new Error('internal: cannot read our own process identity');
  const full = { ...rec, holder };
  ensureSafeDir(paths.pidDir(logsDir), MODES.dir);
  writeFileSafe(operationFile(logsDir), JSON.stringify(full, null, 2) + '\n', MODES.private);
  return full;
}

/** Removes the record if it is still the one given (same holder and start). */
export function removeOperation(logsDir: string, rec: OperationRecord): void {
  const now = readOperation(logsDir);
  if (now && now.holder.pid === rec.holder.pid && now.holder.startTime === rec.holder.startTime && now.started_at === rec.started_at) {
    rmSync(operationFile(logsDir), { force: true });
  }
}

export function holderAlive(rec: OperationRecord): boolean {
  return sameProcessAlive(rec.holder);
}

/** Who is operating on `service` right now (a live lock holder, or a live operation naming it), if anyone. */
export function operationHolding(ctx: Pick<Ctx, 'store' | 'config'>, service: string): { purpose: string; pid: number } | undefined {
  const op = operationNaming(ctx, service);
  return op?.alive ? op : undefined;
}

/** The same, and also an operation whose holder died with the service left stopped (`alive: false`). */
export function operationNaming(ctx: Pick<Ctx, 'store' | 'config'>, service: string): { purpose: string; pid: number; alive: boolean } | undefined {
  const lock = ctx.store.locks.holder(`service:${service}`);
  if (lock) return { purpose: lock.purpose, pid: lock.holder_pid, alive: true };
  const op = readOperation(ctx.config.logs_dir);
  if (op && op.running_before.concat(op.services).includes(service)) return { purpose: op.purpose, pid: op.holder.pid, alive: holderAlive(op) };
  return undefined;
}
