/**
 * Ownership marks: every spawn carries `TEACHOPS_INSTANCE=<service>:<random id>` in its environment, and every
 * process it forks or execs inherits it, whatever group or session it moves to. A live process carrying the mark
 * recorded in a service's pid file is provably one of that service's processes: the id is random, written only to
 * the pid file (0600) and to the environments of the service's own processes, which only their user and root can
 * read. A process that replaces its whole environment (`env -i`, a setproctitle that overwrites it) loses the mark;
 * teachops then reaches it only through the service's process group.
 *
 * Finding marked processes cheaply: the group and session of the leader first (where workers live), and the whole
 * host only when asked (stop, crash cleanup, or when nothing was found there). Only processes started at or after the
 * leader can descend from it, so older ones are never read.
 */
import { randomBytes } from 'node:crypto';
import { environHas } from '../util/proc-environ.js';
import { bootId, readCmdline, type ProcIdentity, type ProcStat } from '../util/proc.js';

export const MARK_VAR = 'TEACHOPS_INSTANCE';

export function newInstanceId(): string {
  return randomBytes(16).toString('hex');
}

export function markValue(service: string, instance: string): string {
  return `${service}:${instance}`;
}

/** The `NAME=value` pair as it appears in /proc/<pid>/environ. */
export function markEntry(service: string, instance: string): string {
  return `${MARK_VAR}=${markValue(service, instance)}`;
}

/** What is needed to look for a service instance's processes: its mark and where its tree started. */
export interface TreeRef {
  mark: string;
  /** the leader's pid = its group and session id (spawned with setsid) */
  pgid: number;
  /** the leader's start time (clock ticks since boot) */
  startTime: string;
  bootId: string;
}

export interface MarkedProcess {
  id: ProcIdentity;
  pgid: number;
  argv: string[];
}

/**
 * The live processes of `table` carrying the mark. `full`: also every other process started since the leader (a
 * double-forked escapee in a session of its own); otherwise only the leader's group and session.
 */
export function findMarked(tree: TreeRef, table: readonly ProcStat[], full: boolean): MarkedProcess[] {
  const boot = bootId();
  if (tree.bootId !== boot) return [];
  const since = Number(tree.startTime);
  const out: MarkedProcess[] = [];
  for (const p of table) {
    if (p.pid === process.pid) continue;
    const near = p.pgid === tree.pgid || p.sid === tree.pgid;
    if (!near && !(full && Number(p.startTime) >= since)) continue;
    if (environHas(p.pid, tree.mark) !== true) continue;
    out.push({ id: { pid: p.pid, startTime: p.startTime, bootId: boot }, pgid: p.pgid, argv: readCmdline(p.pid) ?? [p.comm] });
  }
  return out;
}

/**
 * Marks a full scan found no process for. No process can carry such a mark again (it is only ever inherited), so
 * read-only views (status, the monitor's tick) need not scan the host for it again. Lifecycle operations never use
 * this: they always look for themselves.
 */
const extinct = new Set<string>();

export function knownExtinct(mark: string): boolean {
  return extinct.has(mark);
}

export function noteExtinct(mark: string): void {
  if (extinct.size > 1000) extinct.clear();
  extinct.add(mark);
}
