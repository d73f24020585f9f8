/**
 * Reading process identity from /proc (Linux). Used to prove that a pid is the process teachops started
 * (pid + start time + boot id + argv) before anything signals it, and to tell whether a lock holder is alive.
 */
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  comm: string;
  /** R, S, D, Z (zombie), T, X ... */
  state: string;
  ppid: number;
  pgid: number;
  /** field 6: session id (a setsid'd service leader's pid; its workers keep it even in a group of their own) */
  sid: number;
  /** field 22: start time in clock ticks since boot */
  startTime: string;
}

/** Parses /proc/<pid>/stat; undefined when the process does not exist. */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm may contain spaces and parentheses: it ends at the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state); field N is rest[N - 3].
  return {
    pid,
    comm,
    state: rest[0] ?? '?',
    ppid: Number(rest[1]),
    pgid: Number(rest[2]),
    sid: Number(rest[3]),
    startTime: rest[19] ?? '',
  };
}

export function readCmdline(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((s, i, a) => s !== '' || i < a.length - 1);
  } catch {
    return undefined;
  }
}

let cachedBootId: string | undefined;
export function bootId(): string {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = 'unknown';
    }
  }
  return cachedBootId;
}

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  const st = readProcStat(pid);
  return st !== undefined && st.state !== 'Z' && st.state !== 'X';
}

/** Identity of a live process: what a pid file or a lock row records. */
export interface ProcIdentity {
  pid: number;
  startTime: string;
  bootId: string;
}

export function identityOf(pid: number): ProcIdentity | undefined {
  const st = readProcStat(pid);
  if (!st || st.state === 'Z' || st.state === 'X') return undefined;
  return { pid, startTime: st.startTime, bootId: bootId() };
}

/** True when the same process (not a reuse of its pid) is still alive. */
export function sameProcessAlive(id: ProcIdentity): boolean {
  if (id.bootId !== bootId()) return false;
  const now = identityOf(id.pid);
  return now !== undefined && now.startTime === id.startTime;
}

/** Every pid on the host (for sweeping descendants and finding port holders). */
export function listPids(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    const n = Number(name);
    if (Number.isInteger(n) && n > 0) out.push(n);
  }
  return out;
}

/** Descendants of `root` (children, grandchildren ...), whatever their process group. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of listPids()) {
    const st = readProcStat(pid);
    if (!st) continue;
    const list = children.get(st.ppid) ?? [];
    list.push(pid);
    children.set(st.ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    for (const c of children.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** Members of a process group. */
export function groupMembers(pgid: number): number[] {
  return groupsMembers([pgid]).get(pgid) ?? [];
}

/**
 * Members of several process groups from one pass over /proc (a pass reads every process's stat file: about 1 ms
 * per hundred processes, so a status of N services pays it once, not N times). Every pgid asked for is a key.
 */
export function groupsMembers(pgids: readonly number[]): Map<number, number[]> {
  const out = new Map<number, number[]>(pgids.map((g) => [g, []]));
  if (out.size === 0) return out;
  for (const pid of listPids()) {
    const st = readProcStat(pid);
    if (st !== undefined && st.state !== 'Z') out.get(st.pgid)?.push(pid);
  }
  return out;
}

/** Every live (not zombie) process on the host, from one pass over /proc. */
export function processTable(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const pid of listPids()) {
    const st = readProcStat(pid);
    if (st !== undefined && st.state !== 'Z' && st.state !== 'X') out.push(st);
  }
  return out;
}

/** Every live process group on the host and its members, from one pass over /proc. */
export function allGroups(): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const pid of listPids()) {
    const st = readProcStat(pid);
    if (st === undefined || st.state === 'Z') continue;
    const list = out.get(st.pgid);
    if (list) list.push(pid);
    else out.set(st.pgid, [pid]);
  }
  return out;
}

/** Seconds since boot → epoch ms, for turning a start time into a wall-clock time. */
export function clockTicksToEpochMs(startTime: string): number | undefined {
  try {
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    const ticks = 100; // USER_HZ is 100 on every Linux ABI Node supports
    const bootMs = Date.now() - uptime * 1000;
    return Math.round(bootMs + (Number(startTime) / ticks) * 1000);
  } catch {
    return undefined;
  }
}
