import { afterAll, describe, expect, it } from 'vitest';
import { releaseProcessUsage } from '../../src/probes/process.js';
import { readProcStat } from '../../src/util/proc.js';
import { readCpuTimes, systemSample } from '../../src/probes/system.js';
import { createRealMetrics } from '../../src/probes/metrics.js';
import { systemInfoDetailed } from '../../src/probes/system-detailed.js';

afterAll(() => releaseProcessUsage());

describe('systemSample', () => {
  it('reports CPU, memory, disk, load and uptime in sane ranges', async () => {
    const s = await systemSample();
    expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(s.cpuPercent).toBeLessThanOrEqual(100);
    expect(s.cpuCount).toBeGreaterThan(0);
    expect(s.memory.totalBytes).toBeGreaterThan(0);
    expect(s.memory.availableBytes).toBeGreaterThan(0);
    expect(s.memory.usedBytes + s.memory.availableBytes).toBe(s.memory.totalBytes);
    expect(s.memory.percent).toBeGreaterThan(0);
    expect(s.memory.percent).toBeLessThan(100);
    expect(s.disks.map((d) => d.mount)).toEqual(['/']);
    const root = s.disks[0]!;
    expect(root.percent).toBeGreaterThan(0);
    expect(root.percent).toBeLessThanOrEqual(100);
    expect(root.usedBytes).toBeLessThanOrEqual(root.totalBytes);
    expect(s.loadAverage).toHaveLength(3);
    expect(s.uptimeSeconds).toBeGreaterThan(0);
  });

  it('diffs against a previous read it is given, and names mounts it cannot read', async () => {
    const previous = await readCpuTimes();
    await new Promise((r) => setTimeout(r, 50));
    const s = await systemSample({ previous, mounts: ['/', '/no/such/mount'] });
    expect(s.cpuTimes.total).toBeGreaterThan(previous.total);
    expect(s.disks.map((d) => d.mount)).toEqual(['/']);
    expect(s.diskErrors).toEqual([{ mount: '/no/such/mount', error: expect.stringContaining('ENOENT') }]);
  });

  it('is the default metrics source for the alert engine', async () => {
    const metrics = createRealMetrics({ mounts: ['/'] });
    const pgid = readProcStat(process.pid)!.pgid;
    const [sys, group] = await Promise.all([metrics.system(), metrics.group(pgid)]);
    expect(sys.disks[0]?.mount).toBe('/');
    expect(group.pids).toContain(process.pid);
    expect(group.rssBytes).toBeGreaterThan(0);
  });
});

describe('systemInfoDetailed', () => {
  it('returns real systeminformation values as percentages', async () => {
    const d = await systemInfoDetailed();
    for (const p of [d.cpu.percent, d.memory.percent, ...d.cpu.perCore]) {
      expect(typeof p).toBe('number');
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(100);
    }
    expect(d.memory.totalBytes).toBeGreaterThan(0);
    expect(d.disks.some((x) => x.mount === '/')).toBe(true);
  });
});
