/**
 * CPU and memory of a service, summed over its whole process group: uvicorn with `--workers 4` is five processes,
 * and the parent alone would under-report by the workers' share.
 *
 * CPU % is a rate, so pidusage keeps the previous /proc/<pid>/stat read per pid (and an open fd on it) and reports
 * the share since that read. In the daemon, which samples every `monitor.interval`, that is the share over the last
 * interval. The first time a pid is seen, pidusage@4 has no history and reports 0; we report the pid's lifetime
 * average (cpu time / elapsed) instead, so a one-shot `teach status` shows the lifetime average, not a current rate.
 */
import { totalmem } from 'node:os';
import pidusage from 'pidusage';
import { groupMembers } from '../util/proc.js';

export interface GroupUsage {
  /** summed CPU % of the group's members; 100 = one full core, so it can exceed 100 on several cores */
  cpu: number;
  rssBytes: number;
  /** rssBytes as a share of physical memory, 0..100 */
  memPercent: number;
  /** members that were sampled (members that exited mid-sample are left out) */
  pids: number[];
  /**
   * CPU time (user + system, ms) each of `pids` has used since it started, same order. A rate cannot be summed into
   * a counter that survives workers coming and going; per-pid totals can (the /metrics exporter does it).
   */
  cpuMs?: number[];
}

/**
 * pidusage drops (and closes the fd of) a pid's history once it has not been asked about for this long; a little over
 * the longest sensible monitor interval, so a steady sampler keeps its history and a dead worker's fd is released.
 */
const HISTORY_MAX_AGE_MS = 60_000;

// When each pid was last sampled, to know whether pidusage still holds a history for it.
const lastSeen = new Map<number, number>();

/** `members`: the group's pids when the caller already listed them (one /proc pass for every service). */
export async function processGroupUsage(pgid: number, now: () => number = Date.now, members: readonly number[] = groupMembers(pgid)): Promise<GroupUsage> {
  if (members.length === 0) return { cpu: 0, rssBytes: 0, memPercent: 0, pids: [], cpuMs: [] };
  // pidusage parses its argument array in place: hand it a copy.
  const stats = await pidusage([...members], { maxage: HISTORY_MAX_AGE_MS });
  const t = now();
  forgetStale(t);
  let cpu = 0;
  let rssBytes = 0;
  const pids: number[] = [];
  const cpuMs: number[] = [];
  for (const pid of members) {
    // pidusage reports a pid that vanished between listing and reading as null, despite its typings.
    const s = stats[pid] as pidusage.Status | null | undefined;
    if (!s) continue;
    const seen = lastSeen.get(pid);
    const fresh = seen === undefined || t - seen > HISTORY_MAX_AGE_MS;
    cpu += fresh ? lifetimeCpu(s) : s.cpu;
    rssBytes += s.memory;
    pids.push(pid);
    cpuMs.push(s.ctime);
    lastSeen.set(pid, t);
  }
  return { cpu, rssBytes, memPercent: (rssBytes / totalmem()) * 100, pids, cpuMs };
}

function lifetimeCpu(s: pidusage.Status): number {
  return s.elapsed > 0 ? (s.ctime / s.elapsed) * 100 : 0;
}

function forgetStale(t: number): void {
  for (const [pid, seen] of lastSeen) if (t - seen > HISTORY_MAX_AGE_MS) lastSeen.delete(pid);
}

/**
 * Drops all CPU history and pidusage's cleanup timer. Call it when sampling stops for good (daemon shutdown, end of
 * a test file), not per tick: pidusage.clear() forgets its cached /proc fds without closing them, so calling it
 * on every sample would leak one fd per pid per call. Its timer is unref'd, so a one-shot CLI can exit without it.
 */
export function releaseProcessUsage(): void {
  pidusage.clear();
  lastSeen.clear();
}

