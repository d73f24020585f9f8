/**
 * Who listens on a TCP port, read from /proc (what `lsof -i :8000` answers in the ops guide): the LISTEN sockets in
 * /proc/net/tcp{,6} give the socket inode; the process holding it has a `socket:[inode]` link under /proc/<pid>/fd.
 * A holder owned by another user is invisible without root: then the inode is known but not the pid.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { listPids, readCmdline, readProcStat } from '../util/proc.js';

const LISTEN = '0A';
const ESTABLISHED = '01';

interface SocketRow {
  localPort: number;
  state: string;
  inode: string;
}

function readSockets(): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // no IPv6 on this host
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      const local = f[1];
      if (!local || f[3] === undefined || f[9] === undefined) continue;
      rows.push({ localPort: parseInt(local.slice(local.lastIndexOf(':') + 1), 16), state: f[3], inode: f[9] });
    }
  }
  return rows;
}

export interface PortHolder {
  port: number;
  /** the earliest-started process holding the listening socket (forked workers share it); undefined when invisible */
  pid?: number;
  /** every visible process holding it */
  pids: number[];
  argv?: string[];
}

/** Pids holding any of the given socket inodes. */
function holdersOf(inodes: Set<string>): number[] {
  const out: number[] = [];
  for (const pid of listPids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (link.startsWith('socket:[') && inodes.has(link.slice(8, -1))) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

/** The listener on `port` (any local address), or undefined when the port is free. */
export function findPortListener(port: number): PortHolder | undefined {
  const inodes = new Set(readSockets().filter((r) => r.localPort === port && r.state === LISTEN).map((r) => r.inode));
  if (inodes.size === 0) return undefined;
  const pids = holdersOf(inodes);
  const startOf = (pid: number) => Number(readProcStat(pid)?.startTime ?? Infinity);
  const pid = [...pids].sort((a, b) => startOf(a) - startOf(b) || a - b)[0];
  return { port, pids, pid, argv: pid === undefined ? undefined : readCmdline(pid) };
}

export function isPortFree(port: number): boolean {
  return findPortListener(port) === undefined;
}

/** Established TCP connections whose local end is `port` (the ops guide's "connections per service port"). */
export function countConnections(port: number): number {
  return readSockets().filter((r) => r.localPort === port && r.state === ESTABLISHED).length;
}
