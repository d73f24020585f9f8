/**
 * CPU and memory of a service, summed over its whole process group: uvicorn with `--workers 4` is five processes,
 * and the parent alone would under-report by the workers' share.
 *
 * CPU % is a rate, so the previous read of each process is kept and the share since that read is reported: in the
 * daemon, which samples every `monitor.interval`, the share over the last interval. The first time a process is
 * seen (or after it was not sampled for HISTORY_MAX_AGE_MS) there is no usable previous read, and its lifetime
 * average (cpu time / elapsed) is reported, as a one-shot `teach status` does. A process is its pid and start time:
 * a reused pid starts a history of its own. (This replaced pidusage, which did the same from the same file, kept an
 * fd open per pid and spawned `getconf` twice on first use; issue 14 measured its module at 4 MB of the daemon.)
 */
import { totalmem } from 'node:os';
import { groupMembers } from '../util/proc.js';
import { lifetimeCpu, readMemberUsage, uptimeS } from './proc-usage.js';

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
 * A history not refreshed for this long is dropped: a little over the longest sensible monitor interval, so a
 * steady sampler keeps its history and a dead worker's entry goes.
 */
const HISTORY_MAX_AGE_MS = 60_000;

interface Previous {
  startS: number;
  cpuMs: number;
  /** /proc/uptime at the read, s */
  atS: number;
  /** `now()` at the read, ms: for the age limit */
  seen: number;
}
const history = new Map<number, Previous>();

/** `members`: the group's pids when the caller already listed them (one /proc pass for every service). */
export async function processGroupUsage(pgid: number, now: () => number = Date.now, members: readonly number[] = groupMembers(pgid)): Promise<GroupUsage> {
  if (members.length === 0) return { cpu: 0, rssBytes: 0, memPercent: 0, pids: [], cpuMs: [] };
  const t = now();
  forgetStale(t);
  const uptime = uptimeS();
  let cpu = 0;
  let rssBytes = 0;
  const pids: number[] = [];
  const cpuMs: number[] = [];
  for (const pid of members) {
    const u = readMemberUsage(pid);
    if (!u) continue;
    const prev = history.get(pid);
    const usable = prev !== undefined && prev.startS === u.startS && uptime > prev.atS;
    cpu += usable ? ((u.cpuMs - prev.cpuMs) / ((uptime - prev.atS) * 1000)) * 100 : lifetimeCpu(u, uptime);
    rssBytes += u.rssBytes;
    pids.push(pid);
    cpuMs.push(u.cpuMs);
    history.set(pid, { startS: u.startS, cpuMs: u.cpuMs, atS: uptime, seen: t });
  }
  return { cpu, rssBytes, memPercent: (rssBytes / totalmem()) * 100, pids, cpuMs };
}

function forgetStale(t: number): void {
  for (const [pid, p] of history) if (t - p.seen > HISTORY_MAX_AGE_MS) history.delete(pid);
}

/** Drops all CPU history (daemon shutdown, end of a test file). */
export function releaseProcessUsage(): void {
  history.clear();
}
