import { totalmem } from 'node:os';
import { groupMembers } from '../util/proc.js';
import type { GroupUsage } from './process.js';
import { lifetimeCpu, readMemberUsage, uptimeS } from './proc-usage.js';

/**
 * The same figures for a one-shot process (`teach status`), read straight from /proc: CPU as each member's lifetime
 * average (a rate needs an earlier read, which a one-shot process does not have), RSS from VmRSS.
 * `members`: the group's pids when the caller already listed them (groupsMembers lists many groups in one pass).
 */
export async function processGroupUsageOnce(pgid: number, members: readonly number[] = groupMembers(pgid)): Promise<GroupUsage> {
  const uptime = uptimeS();
  let cpu = 0;
  let rssBytes = 0;
  const pids: number[] = [];
  for (const pid of members) {
    const u = readMemberUsage(pid);
    if (!u) continue;
    cpu += lifetimeCpu(u, uptime);
    rssBytes += u.rssBytes;
    pids.push(pid);
  }
  return { cpu, rssBytes, memPercent: (rssBytes / totalmem()) * 100, pids: pids.sort((a, b) => a - b) };
}
