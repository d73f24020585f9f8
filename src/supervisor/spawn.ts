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
 * Every signal re-verifies identity right before it is sent: a pid that is not provably ours is never signalled.
 */
import { closeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
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
 * Signals process group `pgid` if one of `members` (identities known to be in the group) is provably still alive in
 * it. A group id cannot be reused while any process is in the group, so one proven member proves the whole group.
 */
export function signalGroup(pgid: number, members: readonly ProcIdentity[], signal: NodeJS.Signals): boolean {
  const proven = members.some((id) => sameProcessAlive(id) && readProcStat(id.pid)?.pgid === pgid);
  if (!proven) return false;
  return send(-pgid, signal);
}

/** Signals one process if it is still the same process (pid + start time + boot id). */
export function signalPid(id: ProcIdentity, signal: NodeJS.Signals): boolean {
  if (!sameProcessAlive(id)) return false;
  return send(id.pid, signal);
}

function send(target: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false; // ESRCH: it went away between the check and the signal
  }
}
