/**
 * Whole process trees, as users meet them:
 * - crash -> healthy again: a master with two workers sharing its port (test/fixtures/master-workers.mjs, what
 *   `uvicorn --workers 2` does) killed with SIGKILL under `teach run` (on-failure, backoff 1 s); the workers hold the
 *   port until the restart policy stops them, then a new master starts. Healthy again = a process that is none of
 *   the old tree's answers the health check. The restart window is 2 s and each round waits it out, so every round
 *   starts from the first backoff step.
 * - the cost of the ownership checks on the monitor's path: Supervisor.runtime() over 30 running services (what
 *   one monitor round reads), and over one orphaned service (its group and session scanned for the mark).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createSupervisor } from '../src/supervisor/index.js';
import { groupMembers, isAlive, listPids } from '../src/util/proc.js';
import { fixtureCommand, freePort, makeTempProject, type TempProject } from '../test/support/temp-project.js';
import { CLI, startTeachRun } from './teach-run.js';
import { median, percentile } from './stats.js';
import type { BenchResult } from './types.js';

const ROUNDS = 15;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const masterOf = (p: TempProject) => (JSON.parse(readFileSync(join(p.logsDir, 'pids', 'api.pid'), 'utf8')) as { pid: number }).pid;

/** Polls the health endpoint until a process outside `old` answers it; the time it did. */
async function healthyAgain(port: number, old: ReadonlySet<number>, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) });
      const body = (await r.json()) as { pid?: number };
      if (r.ok && body.pid !== undefined && !old.has(body.pid)) return Date.now();
    } catch {
      // not listening yet, or an old worker just died mid-answer
    }
    await sleep(5);
  }
  throw new Error(`port ${port} not healthy again within ${timeoutMs} ms`);
}

async function crashToHealthy(): Promise<BenchResult[]> {
  const port = await freePort();
  const services = {
    api: {
      command: fixtureCommand('master-workers'),
      env: { PORT: String(port), WORKERS: '2' },
      port,
      health: { url: `http://127.0.0.1:${port}/health`, timeout: '1s' },
      stop_timeout: '3s',
      restart: { policy: 'on-failure', max_restarts: 5, window: '2s', backoff: '1s', backoff_max: '30s' },
    },
  };
  const raw = { name: 'bench', monitor: { interval: '5s', thresholds: { cpu_percent: 100, memory_percent: 100, disk_percent: 100 } } };
  const p = makeTempProject({ services, raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services }) } });
  const daemon = startTeachRun(p, { env: { PATH: process.env.PATH ?? '' } });
  const toHealthy: number[] = [];
  const toWorkersGone: number[] = [];
  try {
    await daemon.ready;
    for (let i = 0; i < ROUNDS; i++) {
      const master = masterOf(p);
      let workers: number[] = [];
      for (let tries = 0; workers.length < 2 && tries < 400; tries++) {
        workers = groupMembers(master).filter((x) => x !== master);
        if (workers.length < 2) await sleep(5);
      }
      const old = new Set([master, ...workers]);
      const t0 = Date.now();
      process.kill(master, 'SIGKILL'); // the bench's own service
      const gone = (async () => {
        while (workers.some(isAlive)) await sleep(5);
        return Date.now();
      })();
      const [healthyAt, goneAt] = await Promise.all([healthyAgain(port, old), gone]);
      toHealthy.push(healthyAt - t0);
      toWorkersGone.push(goneAt - t0);
      await sleep(2100); // outlive the 2 s restart window: the next round starts from the first backoff step
    }
  } finally {
    daemon.child.kill('SIGTERM');
    await new Promise((r) => daemon.child.once('exit', r));
    spawnSync(process.execPath, [CLI, 'stop', 'all', '--config', join(p.dir, 'services.yaml')], { cwd: p.dir });
    await p.cleanup();
  }
  return [
    {
      name: 'master+2 workers kill -9 -> healthy again (teach run, on-failure, backoff 1 s)',
      unit: 'ms',
      median: median(toHealthy),
      p99: percentile(toHealthy, 99),
      n: toHealthy.length,
      note: 'detection at once (exit event), 1 s backoff, the orphaned workers stopped (SIGTERM), then the new master and its workers start',
    },
    {
      name: 'master+2 workers kill -9 -> orphaned workers gone',
      unit: 'ms',
      median: median(toWorkersGone),
      p99: percentile(toWorkersGone, 99),
      n: toWorkersGone.length,
      note: 'the port is held by the old workers until then: backoff + their SIGTERM',
    },
  ];
}

async function runtimeCost(): Promise<BenchResult[]> {
  const services: Record<string, { command: string[]; health: null; start_timeout: string; stop_timeout: string }> = {};
  for (let i = 0; i < 30; i++) services[`s${i}`] = { command: ['sleep', '600'], health: null, start_timeout: '1s', stop_timeout: '1s' };
  const p = makeTempProject({ services });
  const sup = createSupervisor({ config: p.config, store: p.store, baseEnv: { PATH: process.env.PATH } });
  const running: number[] = [];
  const orphaned: number[] = [];
  try {
    await sup.start('all', { by: 'bench' });
    for (let i = 0; i < 200; i++) {
      const t0 = process.hrtime.bigint();
      sup.runtime();
      running.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    // One service with a dead leader and a live marked worker: the shape of `orphaned`.
    const port = await freePort();
    const q = makeTempProject({ services: { api: { command: fixtureCommand('master-workers'), env: { PORT: String(port) }, port, health: { url: `http://127.0.0.1:${port}/health` } } } });
    const qs = createSupervisor({ config: q.config, store: q.store, baseEnv: { PATH: process.env.PATH } });
    try {
      const [r] = await qs.start('api', { by: 'bench' });
      await sleep(300);
      process.kill(r!.pid!, 'SIGKILL');
      await sleep(200);
      for (let i = 0; i < 200; i++) {
        const t0 = process.hrtime.bigint();
        qs.runtime();
        orphaned.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    } finally {
      await qs.stop('all', { by: 'bench' });
      await q.cleanup();
    }
  } finally {
    await sup.stop('all', { by: 'bench' });
    await p.cleanup();
  }
  const procs = listPids().length;
  return [
    { name: 'Supervisor.runtime() over 30 running services', unit: 'ms', median: median(running), p99: percentile(running, 99), n: running.length, note: `per service: its pid file, the leader's /proc stat and environ only; ${procs} processes on the host` },
    { name: 'Supervisor.runtime() of one orphaned service', unit: 'ms', median: median(orphaned), p99: percentile(orphaned, 99), n: orphaned.length, note: `one /proc stat pass, environ read only for its group and session; ${procs} processes on the host` },
  ];
}

export async function run(): Promise<BenchResult[]> {
  return [...(await crashToHealthy()), ...(await runtimeCost())];
}
