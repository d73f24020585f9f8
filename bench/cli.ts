/**
 * Whole-process time of `teach status --json` with three running services (20 runs) and of `teach restart llm`
 * (5 runs), in a temp project on free ports. Target: status median <= 150 ms on this 2-core machine
 * (pm2 jlist ~150 ms, supervisorctl status ~290 ms here).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchResult } from './types.js';
import { median, percentile } from './stats.js';
import { demoCommand, freePort, makeTempProject, repoRoot } from '../test/support/temp-project.js';

const CLI = join(repoRoot, 'dist', 'src', 'cli.js');

function timeRun(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`teach ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export async function run(): Promise<BenchResult[]> {
  const ports = { backend: await freePort(), llm: await freePort(), frontend: await freePort() };
  const svc = (name: 'backend' | 'llm' | 'frontend') => ({
    command: demoCommand(name),
    env: { PORT: String(ports[name]), DASHSCOPE_API_KEY: 'bench-not-a-key' },
    port: ports[name],
    health: { url: `http://127.0.0.1:${ports[name]}/health` },
  });
  const p = makeTempProject({ services: { backend: svc('backend'), llm: svc('llm'), frontend: { ...svc('frontend'), depends_on: ['backend'] } } });
  const cfg = ['--config', p.config.file];
  try {
    execFileSync(process.execPath, [CLI, 'start', 'all', ...cfg], { stdio: 'ignore' });
    timeRun(['status', '--json', ...cfg]); // warm the page cache once
    const status: number[] = [];
    for (let i = 0; i < 20; i++) status.push(timeRun(['status', '--json', ...cfg]));
    const restart: number[] = [];
    for (let i = 0; i < 5; i++) restart.push(timeRun(['restart', 'llm', ...cfg]));
    return [
      { name: 'teach status --json (3 services running), whole process', unit: 'ms', median: median(status), p99: percentile(status, 99), n: status.length, note: `p95 ${percentile(status, 95).toFixed(1)} ms; target median <= 150 ms` },
      { name: 'teach restart llm (stop + start + healthy), whole process', unit: 'ms', median: median(restart), p99: percentile(restart, 99), n: restart.length },
    ];
  } finally {
    spawnSync(process.execPath, [CLI, 'stop', 'all', ...cfg], { stdio: 'ignore' });
    await p.cleanup();
  }
}
