/**
 * Stopping a service instance: its whole tree, not just the leader. Every live process carrying the instance's mark
 * is found first (a full scan: workers reparented to init, double-forked escapees in sessions of their own), then
 * stop_signal goes to the process group (one proven member proves the group) and to each marked straggler outside
 * it; after stop_timeout the same with SIGKILL. It is over when the group is empty and no marked process is left
 * (a last full scan says so), and then the port must be free. What is left is named, with pids and commands.
 * Nothing unmarked is signalled, except members of the instance's own group (only its session can join it).
 */
import type { ServiceConfig } from '../config/types.js';
import { formatDuration } from '../config/units.js';
import type { TeachopsError } from '../errors.js';
import { findPortListener } from '../probes/ports.js';
import { processTable, readCmdline, readProcStat, sameProcessAlive, type ProcStat } from '../util/proc.js';
import { redact } from '../util/redact.js';
import { paths } from '../util/paths.js';
import type { Ctx } from './context.js';
import { PortNotFreedError, StopFailedError } from './errors.js';
import { findMarked, type MarkedProcess, type TreeRef } from './marks.js';
import { describeProcesses } from './ownership.js';
import { treeOf } from './pidfile.js';
import { appendTeachopsLine } from './servicelog.js';
import { signalGroup, signalProven, type Proof } from './spawn.js';
import type { LifecycleEvent, PidRecord } from './types.js';

/** Polls start 5 ms apart and double up to 50 ms: most services are gone within a few ms of the signal. */
const FIRST_POLL_MS = 5;
const POLL_MS = 50;
const nextPause = (ms: number) => Math.min(POLL_MS, ms * 2);
const AFTER_KILL_MS = 2000;
const PORT_GRACE_MS = 2000;
/** While waiting, the host is scanned again this often for marked processes forked since the last look. */
const FULL_SCAN_EVERY = 10;

export interface TerminateOutcome {
  ms: number;
  error?: TeachopsError;
}

export async function terminate(ctx: Ctx, svc: ServiceConfig, record: PidRecord, by: string, onEvent: (e: LifecycleEvent) => void): Promise<TerminateOutcome> {
  const t0 = ctx.clock.now();
  const logFile = paths.serviceLog(ctx.config.logs_dir, svc.name);
  const { pid, pgid } = record;
  const tree = treeOf(record);
  const known = new Map<number, Proof & { argv: string[] }>();
  // A leader this teachops spawned is proven by its child handle, mark or not (a start that failed its mark check).
  const child = ctx.children.get(pid);
  if (child && child.identity.startTime === record.start_time) {
    child.expected = true;
    known.set(pid, { id: child.identity, argv: record.argv });
  }
  const learn = (table: readonly ProcStat[], full: boolean) => {
    if (!tree) return;
    for (const m of findMarked(tree, table, full)) known.set(m.id.pid, { id: m.id, mark: tree.mark, argv: m.argv });
  };
  learn(processTable(), true);

  appendTeachopsLine(logFile, ctx.tr('supervisor.log_stopping', { service: svc.name, pid, signal: svc.stop_signal, by }), ctx.clock.now(), ctx.store.writes.holds);
  onEvent({ type: 'stopping', service: svc.name, pid, signal: svc.stop_signal });
  signalTree(pgid, known, svc.stop_signal);

  let left = await waitGone(ctx, pgid, tree, known, learn, svc.stop_timeout);
  if (left.length > 0) {
    learn(processTable(), true);
    signalTree(pgid, known, 'SIGKILL');
    appendTeachopsLine(logFile, ctx.tr('supervisor.log_killed', { service: svc.name, pid, timeout: formatDuration(svc.stop_timeout) }), ctx.clock.now(), ctx.store.writes.holds);
    onEvent({ type: 'killed', service: svc.name, pid });
    left = await waitGone(ctx, pgid, tree, known, learn, AFTER_KILL_MS);
  }
  const ms = ctx.clock.now() - t0;
  if (left.length > 0) return { ms, error: new StopFailedError(svc.name, left.length, redact(describeProcesses(left)), ctx.config.locale) };

  appendTeachopsLine(logFile, ctx.tr('supervisor.log_stopped', { service: svc.name, pid, duration: formatDuration(ms) }), ctx.clock.now(), ctx.store.writes.holds);
  onEvent({ type: 'stopped', service: svc.name, ms });
  if (svc.port !== null && !(await portFreed(ctx, svc.port))) {
    const h = findPortListener(svc.port);
    const holder = h?.pid === undefined ? '?' : `pid ${h.pid} (${redact((h.argv ?? []).join(' '))})`;
    return { ms, error: new PortNotFreedError(svc.name, svc.port, holder, ctx.config.locale) };
  }
  return { ms };
}

/** The group first (proven by any known member in it), then every known marked process outside it (once each). */
function signalTree(pgid: number, known: Map<number, Proof>, signal: NodeJS.Signals): void {
  const all = [...known.values()];
  const groupSignalled = signalGroup(pgid, all, signal);
  for (const p of all) {
    if (p.mark === undefined) continue;
    if (groupSignalled && readProcStat(p.id.pid)?.pgid === pgid) continue;
    signalProven(p, signal);
  }
}

/**
 * Polls until the group is empty and no marked process is alive; returns what is still alive at the deadline.
 * Marked processes that appear meanwhile (forked during the stop) join `known`, so the SIGKILL reaches them too.
 */
async function waitGone(
  ctx: Ctx,
  pgid: number,
  tree: TreeRef | undefined,
  known: Map<number, Proof & { argv: string[] }>,
  learn: (table: readonly ProcStat[], full: boolean) => void,
  ms: number,
): Promise<MarkedProcess[]> {
  const deadline = ctx.clock.now() + ms;
  let pause = FIRST_POLL_MS;
  for (let round = 1; ; round++) {
    const table = processTable();
    learn(table, round % FULL_SCAN_EVERY === 0);
    let alive = aliveOf(table, pgid, known);
    if (alive.length === 0 && tree) {
      // Confirm with a full look before calling it done: an escapee forked since the first scan would be missed.
      const fresh = processTable();
      learn(fresh, true);
      alive = aliveOf(fresh, pgid, known);
    }
    if (alive.length === 0 || ctx.clock.now() >= deadline) return alive;
    await ctx.sleep(pause);
    pause = nextPause(pause);
  }
}

function aliveOf(table: readonly ProcStat[], pgid: number, known: Map<number, Proof & { argv: string[] }>): MarkedProcess[] {
  const out = new Map<number, MarkedProcess>();
  for (const p of table) {
    if (p.pgid === pgid) out.set(p.pid, { id: { pid: p.pid, startTime: p.startTime, bootId: '' }, pgid, argv: readCmdline(p.pid) ?? [p.comm] });
  }
  for (const k of known.values()) {
    if (!out.has(k.id.pid) && sameProcessAlive(k.id)) out.set(k.id.pid, { id: k.id, pgid: -1, argv: k.argv });
  }
  return [...out.values()];
}

async function portFreed(ctx: Ctx, port: number): Promise<boolean> {
  const deadline = ctx.clock.now() + PORT_GRACE_MS;
  let pause = FIRST_POLL_MS;
  for (;;) {
    if (findPortListener(port) === undefined) return true;
    if (ctx.clock.now() >= deadline) return false;
    await ctx.sleep(pause);
    pause = nextPause(pause);
  }
}
