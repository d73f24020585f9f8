/**
 * What teachops owns of a service right now, from its pid file, /proc and the ownership mark:
 * - running: the leader is verified (pid, start time, boot id, mark);
 * - orphaned: the leader is gone but processes carrying the instance's mark live on (workers of a master killed
 *   with SIGKILL, a double-forked escapee): they are ours, must be stopped before anything starts again;
 * - stale: the pid file names nothing of ours (dead, reused pid, forged file, earlier boot); never signalled;
 * - none: no pid file.
 * `cached` (read-only views, every monitor tick) trusts an earlier full scan that found an instance extinct; lifecycle
 * operations always scan for themselves.
 */
import type { Config, ServiceConfig } from '../config/types.js';
import { processTable, type ProcStat } from '../util/proc.js';
import { findMarked, knownExtinct, noteExtinct, type MarkedProcess } from './marks.js';
import { readPidFile, staleText, treeOf, verifyRecord } from './pidfile.js';
import type { PidRecord } from './types.js';

export type Ownership =
  | { kind: 'none' }
  | { kind: 'running'; record: PidRecord; drift?: string }
  | { kind: 'orphaned'; record: PidRecord; left: MarkedProcess[]; reason: string }
  | { kind: 'stale'; record?: PidRecord; pid: number; reason: string };

export interface InspectOptions {
  /** one /proc pass shared by every service of one call */
  table: () => readonly ProcStat[];
  cached: boolean;
}

export function inspect(config: Config, svc: ServiceConfig, opts: InspectOptions): Ownership {
  const read = readPidFile(config.logs_dir, svc.name);
  if (!read) return { kind: 'none' };
  if (!('record' in read)) return { kind: 'stale', pid: 0, reason: staleText('stale_corrupt', { reason: read.corrupt }, config.locale) };
  const record = read.record;
  const verdict = verifyRecord(record, svc.argv, config.locale);
  if (verdict.match) return { kind: 'running', record, ...(verdict.drift ? { drift: verdict.drift } : {}) };
  const tree = treeOf(record);
  const stale = { kind: 'stale' as const, record, pid: record.pid, reason: verdict.stale };
  if (!verdict.scan || !tree) return stale;
  let left = findMarked(tree, opts.table(), false);
  if (left.length === 0) {
    if (opts.cached && knownExtinct(tree.mark)) return stale;
    left = findMarked(tree, opts.table(), true);
  }
  if (left.length === 0) {
    noteExtinct(tree.mark);
    return stale;
  }
  return { kind: 'orphaned', record, left, reason: orphanReason(config, record.pid, verdict.stale, left) };
}

function orphanReason(config: Config, pid: number, why: string, left: MarkedProcess[]): string {
  return staleText('orphaned', { pid, why, count: left.length, left: describeProcesses(left) }, config.locale);
}

/** "pid 12 (python3 -m uvicorn ...), pid 13 (...)": for people, so a stop that failed names what is left. */
export function describeProcesses(list: readonly MarkedProcess[], max = 5): string {
  const shown = list.slice(0, max).map((m) => `pid ${m.id.pid} (${shorten(m.argv.join(' '))})`);
  return list.length > max ? `${shown.join(', ')}, +${list.length - max}` : shown.join(', ');
}

function shorten(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** A lazily read /proc table, read at most once. */
export function lazyTable(): () => readonly ProcStat[] {
  let table: readonly ProcStat[] | undefined;
  return () => (table ??= processTable());
}

/** Anything of the instance still alive: a member of its group, or a marked process anywhere. */
export function treeAlive(record: PidRecord): boolean {
  const table = processTable();
  if (table.some((p) => p.pgid === record.pgid)) return true;
  const tree = treeOf(record);
  return tree !== undefined && findMarked(tree, table, true).length > 0;
}
