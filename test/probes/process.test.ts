import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { processGroupUsage, releaseProcessUsage } from '../../src/probes/process.js';
import { readProcStat } from '../../src/util/proc.js';

// A parent that starts a CPU-burning child in its own process group (as a uvicorn master and its worker) and
// prints the child's pid.
const PARENT = `
const { spawn } = require('node:child_process');
const c = spawn(process.execPath, ['-e', 'const a = []; for (let i = 0; i < 2e5; i++) a.push(i); for (;;) {}'], { stdio: 'ignore' });
console.log(c.pid);
setInterval(() => {}, 1000);
`;

let group: ChildProcess | undefined;

afterEach(() => {
  // detached: the group id is the parent's pid, and every member is ours.
  if (group?.pid) {
    try {
      process.kill(-group.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  group = undefined;
});
afterAll(() => releaseProcessUsage());

function vmRss(pid: number): number {
  return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
}

function startGroup(): Promise<{ pgid: number; child: number }> {
  group = spawn(process.execPath, ['-e', PARENT], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const pgid = group.pid!;
  return new Promise((resolve, reject) => {
    group!.stdout!.once('data', (d: Buffer) => resolve({ pgid, child: Number(d.toString().trim()) }));
    group!.once('error', reject);
  });
}

describe('processGroupUsage', () => {
  it('sums CPU and memory over every member of the group', async () => {
    const { pgid, child } = await startGroup();
    expect(readProcStat(child)?.pgid).toBe(pgid);
    await new Promise((r) => setTimeout(r, 300));

    const first = await processGroupUsage(pgid);
    expect(first.pids.sort()).toEqual([pgid, child].sort());
    // first sight of a pid: its lifetime average, already well above zero for a busy loop
    expect(first.cpu).toBeGreaterThan(10);

    await new Promise((r) => setTimeout(r, 300));
    const usage = await processGroupUsage(pgid);
    expect(usage.pids.sort()).toEqual([pgid, child].sort());
    const [parentRss, childRss] = [vmRss(pgid), vmRss(child)];
    // the sum of both members (read a moment apart, so within a margin), more than either alone
    expect(usage.rssBytes).toBeGreaterThan(Math.max(parentRss, childRss));
    expect(Math.abs(usage.rssBytes - (parentRss + childRss))).toBeLessThan(0.2 * (parentRss + childRss));
    // the child spins a core over the interval since the previous call (margin for a busy 2-core test host)
    expect(usage.cpu).toBeGreaterThan(20);
    expect(usage.memPercent).toBeGreaterThan(0);
    expect(usage.memPercent).toBeLessThan(100);
  });

  it('reports an empty group as zero usage', async () => {
    // a pid far above pid_max on any default kernel cannot lead a group
    expect(await processGroupUsage(2 ** 30)).toEqual({ cpu: 0, rssBytes: 0, memPercent: 0, pids: [], cpuMs: [] });
  });
});
