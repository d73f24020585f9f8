/**
 * One process's CPU time and memory, read straight from /proc (Linux). The /proc files are read synchronously:
 * procfs never waits on a disk, and a read is cheaper than the thread-pool round trips of fs/promises (issue 14's
 * profile). Shared by the one-shot reader (`teach status`) and the daemon's sampler, which keeps a rate history.
 */
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc's CPU times, 100 on Linux whatever the kernel's own tick rate. */
const TICKS_PER_S = 100;

export interface MemberUsage {
  /** user + system CPU time since the process started, ms */
  cpuMs: number;
  /** when it started, seconds since boot (field 22): with the pid, names the process across reads */
  startS: number;
  rssBytes: number;
}

/** Seconds since boot, from /proc/uptime: the clock /proc's start times are on. */
export function uptimeS(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}

/** undefined when the process is gone (it may exit between being listed and being read). */
export function readMemberUsage(pid: number): MemberUsage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    // comm may contain spaces and parentheses: it ends at the last ')'. f[N - 3] is field N.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_S,
      startS: Number(f[19]) / TICKS_PER_S,
      rssBytes: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024,
    };
  } catch {
    return undefined;
  }
}

/** CPU % over the process's whole life (100 = one core). */
export function lifetimeCpu(u: MemberUsage, uptime: number): number {
  const elapsedMs = (uptime - u.startS) * 1000;
  return elapsedMs > 0 ? (u.cpuMs / elapsedMs) * 100 : 0;
}
