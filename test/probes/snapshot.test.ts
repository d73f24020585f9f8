import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostSnapshot } from '../../src/probes/snapshot.js';

let burner: ChildProcess | undefined;
let dir: string | undefined;

afterEach(async () => {
  burner?.kill('SIGKILL');
  burner = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('hostSnapshot', () => {
  it('names the busiest processes, disk usage and the service log errors, redacted', async () => {
    burner = spawn(process.execPath, ['-e', 'for (;;) {}', '--', '--api-key', 'sk-abcdef1234567890'], { stdio: 'ignore' });
    dir = await mkdtemp(join(tmpdir(), 'teachops-snap-'));
    const logFile = join(dir, 'llm.log');
    await writeFile(logFile, 'INFO up\nERROR upstream failed: DASHSCOPE_API_KEY=xyz123secret\n');
    await new Promise((r) => setTimeout(r, 100));

    const snap = await hostSnapshot({ logFile, secrets: ['xyz123secret'] });

    expect(snap.topCpu).toHaveLength(5);
    expect(snap.topMemory).toHaveLength(5);
    const spinning = snap.topCpu.find((p) => p.pid === burner!.pid);
    expect(spinning?.cpuPercent).toBeGreaterThan(20);
    expect(spinning?.command).toContain('--api-key [redacted]');
    const cpus = snap.topCpu.map((p) => p.cpuPercent);
    expect(cpus).toEqual([...cpus].sort((a, b) => b - a));
    const rss = snap.topMemory.map((p) => p.rssBytes);
    expect(rss).toEqual([...rss].sort((a, b) => b - a));
    expect(snap.topMemory[0]!.rssBytes).toBeGreaterThan(0);
    expect(snap.topMemory[0]!.memPercent).toBeGreaterThan(0);
    expect(snap.system.disks[0]?.mount).toBe('/');
    expect(snap.log).toMatchObject({ file: logFile, errors: 1, latest: ['ERROR upstream failed: DASHSCOPE_API_KEY=[redacted]'] });
    expect(JSON.stringify(snap)).not.toContain('xyz123secret');
    expect(JSON.stringify(snap)).not.toContain('sk-abcdef1234567890');
  });

  it('leaves out the log when no log file is given', async () => {
    const snap = await hostSnapshot({ sampleMs: 50, top: 3 });
    expect(snap.log).toBeUndefined();
    expect(snap.topCpu).toHaveLength(3);
  });
});
