/**
 * Stopping a verified process: stop_signal to its group, wait stop_timeout, SIGKILL the group; descendants that left
 * the group (setsid) are collected BEFORE any signal, while the parent links still show them, and get the same
 * treatment as long as each is still the very process we saw (pid + start time). Then confirm the port is free.
 */
import type { ServiceConfig } from '../config/types.js';
import { formatDuration } from '../config/units.js';
import type { TeachopsError } from '../errors.js';
import { findPortListener } from '../probes/ports.js';
import { descendantsOf, groupMembers, identityOf, sameProcessAlive, type ProcIdentity } from '../util/proc.js';
import type { Ctx } from './context.js';
import { PortNotFreedError, StopFailedError } from './errors.js';
import { appendTeachopsLine } from './servicelog.js';
import { signalGroup, signalPid } from './spawn.js';
import type { LifecycleEvent, PidRecord } from './types.js';
import { paths } from '../util/paths.js';

/** Polls start 5 ms apart and double up to 50 ms: most services are gone within a few ms of the signal. */
const FIRST_POLL_MS = 5;
const POLL_MS = 50;
const nextPause = (ms: number) => Math.min(POLL_MS, ms * 2);
const AFTER_KILL_MS = 2000;
const PORT_GRACE_MS = 2000;

export interface TerminateOutcome {
  ms: number;
  error?: TeachopsError;
}

export async function terminate(
  ctx: Ctx,
  svc: ServiceConfig,
  record: PidRecord,
  by: string,
  onEvent: (e: LifecycleEvent) => void,
): Promise<TerminateOutcome> {
  const t0 = ctx.clock.now();
  const logFile = paths.serviceLog(ctx.config.logs_dir, svc.name);
  const { pid, pgid } = record;
  const child = ctx.children.get(pid);
  if (child) child.expected = true;

  const group = new Map<number, ProcIdentity>([[pid, { pid, startTime: record.start_time, bootId: record.boot_id }]]);
  addIdentities(group, groupMembers(pgid));
  const escaped = new Map<number, ProcIdentity>();
  addIdentities(escaped, descendantsOf(pid).filter((p) => !group.has(p)));

  appendTeachopsLine(logFile, ctx.tr('supervisor.log_stopping', { service: svc.name, pid, signal: svc.stop_signal, by }), ctx.clock.now());
  onEvent({ type: 'stopping', service: svc.name, pid, signal: svc.stop_signal });
  signalAll(pgid, group, escaped, svc.stop_signal);

  let gone = await waitGone(ctx, pgid, group, escaped, svc.stop_timeout);
  if (!gone) {
    signalAll(pgid, group, escaped, 'SIGKILL');
    appendTeachopsLine(logFile, ctx.tr('supervisor.log_killed', { service: svc.name, pid, timeout: formatDuration(svc.stop_timeout) }), ctx.clock.now());
    onEvent({ type: 'killed', service: svc.name, pid });
    gone = await waitGone(ctx, pgid, group, escaped, AFTER_KILL_MS);
  }
  const ms = ctx.clock.now() - t0;
  if (!gone) return { ms, error: new StopFailedError(svc.name, pid, ctx.config.locale) };

  appendTeachopsLine(logFile, ctx.tr('supervisor.log_stopped', { service: svc.name, pid, duration: formatDuration(ms) }), ctx.clock.now());
  onEvent({ type: 'stopped', service: svc.name, ms });
  if (svc.port !== null && !(await portFreed(ctx, svc.port))) {
    const h = findPortListener(svc.port);
    const holder = h?.pid === undefined ? '?' : `pid ${h.pid} (${(h.argv ?? []).join(' ')})`;
    return { ms, error: new PortNotFreedError(svc.name, svc.port, holder, ctx.config.locale) };
  }
  return { ms };
}

function addIdentities(into: Map<number, ProcIdentity>, pids: number[]): void {
  for (const p of pids) {
    const id = identityOf(p);
    if (id) into.set(p, id);
  }
}

function signalAll(pgid: number, group: Map<number, ProcIdentity>, escaped: Map<number, ProcIdentity>, signal: NodeJS.Signals): void {
  signalGroup(pgid, [...group.values()], signal);
  for (const id of escaped.values()) signalPid(id, signal);
}

/**
 * Polls until the group is empty and every escaped descendant is gone. While a known member is alive, new members of
 * the group (forked after we looked) are provably ours too, so they join the set the SIGKILL is justified by.
 */
async function waitGone(ctx: Ctx, pgid: number, group: Map<number, ProcIdentity>, escaped: Map<number, ProcIdentity>, ms: number): Promise<boolean> {
  const deadline = ctx.clock.now() + ms;
  let pause = FIRST_POLL_MS;
  for (;;) {
    const members = groupMembers(pgid);
    if ([...group.values()].some(sameProcessAlive)) addIdentities(group, members);
    const alive = members.length > 0 || [...escaped.values()].some(sameProcessAlive);
    if (!alive) return true;
    if (ctx.clock.now() >= deadline) return false;
    await ctx.sleep(pause);
    pause = nextPause(pause);
  }
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
