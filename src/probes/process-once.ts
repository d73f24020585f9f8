import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { groupMembers } from '../util/proc.js';
import type { GroupUsage } from './process.js';

/**
 * The same figures for a one-shot process (`teach status`), read straight from /proc: CPU as each member's lifetime
 * average (what pidusage would report on a first call anyway), RSS from VmRSS. pidusage would also spawn `getconf`
 * twice on its first call, which a 150 ms CLI budget cannot pay. The /proc files are read synchronously: procfs never
 * waits on a disk, and a read is cheaper than the thread-pool round trips of fs/promises (issue 14's profile).
 * `members`: the group's pids when the caller already listed them (groupsMembers lists many groups in one pass).
 */
export async function processGroupUsageOnce(pgid: number, members: readonly number[] = groupMembers(pgid)): Promise<GroupUsage> {
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  let cpu = 0;
  let rssBytes = 0;
  const pids: number[] = [];
  for (const pid of members) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields 14, 15 (utime, stime) and 22 (starttime), in USER_HZ (100 on Linux)
      const cpuSeconds = (Number(f[11]) + Number(f[12])) / 100;
      const elapsed = uptime - Number(f[19]) / 100;
      cpu += elapsed > 0 ? (cpuSeconds / elapsed) * 100 : 0;
      rssBytes += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024;
      pids.push(pid);
    } catch {
      // exited between listing and reading
    }
  }
  return { cpu, rssBytes, memPercent: (rssBytes / totalmem()) * 100, pids: pids.sort((a, b) => a - b) };
}
