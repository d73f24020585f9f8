/**
 * THE ONLY module that spawns or signals processes (execa's `terminate/kill.js` discipline).
 *
 * Services run detached (setsid: their own session and process group) with stdin ignored and stdout+stderr going
 * straight to their log file, opened O_APPEND and handed over as a file descriptor. Nothing connects them to
 * teachops, so they outlive a restart of the bot, which adopts them again from their pid files.
 * node:child_process rather than execa (the project's spawner elsewhere): execa@9's types accept only fds 3-9 for
 * stdout/stderr, and its `{file, append}` form pipes through the parent, which is exactly what must not happen here.
 * With no pipes, no buffering and no result to collect, execa would add nothing but a type cast.
 *
 * Every signal re-verifies identity (and the ownership mark) right before it is sent: a pid that is not provably ours
 * is never signalled.
 */
import { closeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { environHas } from '../util/proc-environ.js';
import { bootId, identityOf, readCmdline, readProcStat, sameProcessAlive, type ProcIdentity } from '../util/proc.js';
import { MODES, openAppendNoFollow, UnsafePathError } from '../util/safe-fs.js';

export interface ExitResult {
  code: number | null;
  signal: string | null;
}

export interface Spawned {
  pid: number;
  pgid: number;
  identity: ProcIdentity;
  /** what /proc/<pid>/cmdline shows right after spawn (argv[0] as the kernel recorded it) */
  argv: string[];
  /** settles when the process exits (seen through the child handle, at once) */
  exited: Promise<ExitResult>;
}

export interface SpawnRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
}

export class SpawnError extends Error {}

export async function spawnDetached(req: SpawnRequest): Promise<Spawned> {
  mkdirSync(dirname(req.logFile), { recursive: true });
  // O_NOFOLLOW: the preflight refuses a symlinked log; this catches one planted between the preflight and here.
  let fd: number;
  try {
    fd = openAppendNoFollow(req.logFile, MODES.log);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new SpawnError(e.message);
    throw e;
  }
  let child;
  try {
    const [file, ...args] = req.argv;
    child = spawn(file ?? '', args, { cwd: req.cwd, env: req.env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    // The child has its own copy of the descriptor; ours would only leak.
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    const [err] = (await once(child, 'error')) as [NodeJS.ErrnoException];
    throw new SpawnError(err.code ?? err.message);
  }
  child.on('error', () => undefined); // a later error (a failed kill) must not crash teachops
  const exited = new Promise<ExitResult>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.unref();
  // libuv returns from spawn only after exec succeeded, so /proc already shows the service, not a fork of node.
  const identity = identityOf(pid);
  const st = readProcStat(pid);
  return { pid, pgid: st?.pgid ?? pid, identity: identity ?? { pid, startTime: st?.startTime ?? '', bootId: bootId() }, argv: readCmdline(pid) ?? req.argv, exited };
}

/**
 * What proves a process is ours right before a signal: its identity (pid + start time + boot id, so a reused pid
 * never matches) and the instance's ownership mark in its environment. `mark` is left out only for a process this
 * very teachops spawned and still holds the child handle of.
 */
export interface Proof {
  id: ProcIdentity;
  mark?: string;
}

function proven(p: Proof): boolean {
  return sameProcessAlive(p.id) && (p.mark === undefined || environHas(p.id.pid, p.mark) === true);
}

/**
 * Signals process group `pgid` if one of `members` is provably ours and still in it. A group id cannot be reused
 * while any process is in the group, so one proven member proves the whole group.
 */
export function signalGroup(pgid: number, members: readonly Proof[], signal: NodeJS.Signals): boolean {
  if (!members.some((m) => proven(m) && readProcStat(m.id.pid)?.pgid === pgid)) return false;
  return send(-pgid, signal);
}

/** Signals one process if it is still the same process and still carries the mark. */
export function signalProven(p: Proof, signal: NodeJS.Signals): boolean {
  if (!proven(p)) return false;
  return send(p.id.pid, signal);
}

function send(target: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false; // ESRCH: it went away between the check and the signal
  }
}
