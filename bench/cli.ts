/**
 * `npm run bench -- cli` (also `status`): the CLI as users run it, whole processes, side by side in one run.
 * - `teach status --json` (the installed bin, dist/cli/teach.js) against `pm2 jlist`, each with the same three
 *   stand-in services running under its daemon (demo/*.mjs on free ports; `teach run` without Slack beside pm2's
 *   God daemon, as each is run in production), and `node -e 0` as the floor: the three alternate, round by round,
 *   in a rotating order. Target: teach median <= 0.7 x pm2 median.
 * - `teach restart llm` (stop + start + healthy) against the service's own start-up: a direct spawn of the same
 *   stand-in, health polled every 5 ms until it answers. The two alternate. Target: restart <= start-up + 150 ms.
 * Machine facts (cores, node, load average at the start and the end) come first. Both sides are cleaned up: teach
 * stop all, pm2 kill with its temp PM2_HOME, and only pids this benchmark started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { checkHealth } from '../src/probes/health.js';
import { demoCommand, freePort, makeTempProject, repoRoot } from '../test/support/temp-project.js';
import { startPm2 } from './pm2.js';
import { median, percentile, round } from './stats.js';
import type { BenchResult } from './types.js';

const TEACH = join(repoRoot, 'dist', 'cli', 'teach.js');
const STATUS_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const RESTART_ROUNDS = Number(process.env.BENCH_RESTART_ROUNDS ?? 11);
type Name = 'backend' | 'llm' | 'frontend';
const NAMES: Name[] = ['backend', 'llm', 'frontend'];
const serviceEnv = (name: Name, port: number): Record<string, string> => ({ PORT: String(port), ...(name === 'llm' ? { DASHSCOPE_API_KEY: 'bench-not-a-key' } : {}) });

function timed(argv: string[], env: NodeJS.ProcessEnv = process.env, ok: readonly number[] = [0]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!ok.includes(r.status ?? -1)) throw new Error(`${argv.slice(1).join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function result(name: string, v: number[], note?: string): BenchResult {
  return { name, unit: 'ms', median: median(v), p99: percentile(v, 99), n: v.length, note: `p95 ${round(percentile(v, 95))} ms${note ? `; ${note}` : ''}` };
}

/** Spawn the stand-in directly and poll its health every 5 ms: its own start-up, without any supervisor. */
async function ownStartup(port: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, 'demo', 'llm.mjs')], { env: { ...process.env, ...serviceEnv('llm', port) }, stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    for (;;) {
      if ((await checkHealth({ url: `http://127.0.0.1:${port}/health`, timeout: 1000, expect_status: null })).ok) return performance.now() - t0;
      if (performance.now() - t0 > 10_000) throw new Error('the directly spawned llm stand-in did not answer within 10 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** `teach run` without Slack (it adopts the running services), resolved once it says it is ready. */
async function startDaemon(config: string, cwd: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|TEACHOPS_)/.test(k)) env[k] = v;
  const child = spawn(process.execPath, [TEACH, 'run', '--config', config], { cwd, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`teach run not ready within 30 s:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/ready/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`teach run exited (${code}):\n${out}`)));
  });
  return child;
}

/** Where a restart's time goes, from the moments its progress lines appear (ms from the spawn of the CLI). */
interface RestartPhases {
  total: number;
  toSignal: number;
  stop: number;
  toSpawn: number;
  toHealthy: number;
  toExit: number;
}

async function timedRestart(cfg: string[]): Promise<RestartPhases> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [TEACH, 'restart', 'llm', ...cfg], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const at: Record<string, number> = {};
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    const now = performance.now() - t0;
    out += d.toString();
    for (const [key, re] of [['signal', /sending SIGTERM/], ['stopped', /stopped in/], ['spawned', /started pid/], ['healthy', /healthy in/]] as const) if (at[key] === undefined && re.test(out)) at[key] = now;
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('close', r));
  const total = performance.now() - t0;
  if (code !== 0 || Object.keys(at).length < 4) throw new Error(`teach restart llm exited ${code}:\n${out}`);
  return { total, toSignal: at.signal!, stop: at.stopped! - at.signal!, toSpawn: at.spawned! - at.stopped!, toHealthy: at.healthy! - at.spawned!, toExit: total - at.healthy! };
}

export async function run(): Promise<BenchResult[]> {
  const facts = `${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  process.stdout.write(`  machine: ${facts}\n`);
  const ports = Object.fromEntries(await Promise.all(NAMES.map(async (n) => [n, await freePort()] as const))) as Record<Name, number>;
  const services = Object.fromEntries(
    NAMES.map((n) => [n, { command: demoCommand(n), env: serviceEnv(n, ports[n]), port: ports[n], health: { url: `http://127.0.0.1:${ports[n]}/health` } }]),
  );
  const p = makeTempProject({ services });
  const cfg = ['--config', p.config.file];
  const pm2Ports = await Promise.all(NAMES.map(() => freePort()));
  const directPort = await freePort();
  let pm2: ReturnType<typeof startPm2> | undefined;
  let daemon: ChildProcess | undefined;
  try {
    timed([process.execPath, TEACH, 'start', 'all', ...cfg]);
    daemon = await startDaemon(p.config.file, p.dir);
    pm2 = startPm2(NAMES.map((n, i) => ({ name: n, script: join(repoRoot, 'demo', `${n}.mjs`), env: serviceEnv(n, pm2Ports[i]!) })));
    for (const port of pm2Ports) {
      const deadline = Date.now() + 10_000;
      while (!(await checkHealth({ url: `http://127.0.0.1:${port}/health`, timeout: 1000, expect_status: null })).ok) {
        if (Date.now() > deadline) throw new Error(`a pm2 stand-in on port ${port} did not answer within 10 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const sides: [string, () => number][] = [
      ['floor', () => timed([process.execPath, '-e', '0'])],
      ['pm2', () => timed(pm2!.jlist, pm2!.env)],
      ['teach', () => timed([process.execPath, TEACH, 'status', '--json', ...cfg], process.env, [0, 3])],
    ];
    for (const [, once] of sides) once(); // warm the page cache; teach caches its validated config
    const times = new Map<string, number[]>(sides.map(([k]) => [k, []]));
    for (let i = 0; i < STATUS_ROUNDS; i++) {
      for (let j = 0; j < sides.length; j++) {
        const [k, once] = sides[(i + j) % sides.length]!;
        times.get(k)!.push(once());
      }
    }
    const phases: RestartPhases[] = [];
    const startup: number[] = [];
    for (let i = 0; i < RESTART_ROUNDS; i++) {
      startup.push(await ownStartup(directPort));
      phases.push(await timedRestart(cfg));
    }
    const restart = phases.map((x) => x.total);
    const phase = (k: keyof RestartPhases) => round(median(phases.map((x) => x[k])));
    const [floor, pm2Times, teach] = ['floor', 'pm2', 'teach'].map((k) => times.get(k)!) as [number[], number[], number[]];
    process.stdout.write(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
    return [
      result('node -e 0 (the floor), whole process', floor),
      result('pm2 jlist (3 stand-ins under pm2), whole process', pm2Times),
      result('teach status --json (3 stand-ins running), whole process', teach, `ratio to pm2 jlist (medians) ${round(median(teach) / median(pm2Times), 2)}; target <= 0.7`),
      result('llm stand-in own start-up (spawn to healthy, polled every 5 ms)', startup),
      result('teach restart llm (stop + start + healthy), whole process', restart, `minus own start-up (medians) ${round(median(restart) - median(startup))} ms; target <= 150 ms. Medians by phase: CLI start to SIGTERM ${phase('toSignal')} ms (node itself: the floor above), stop ${phase('stop')}, stopped to spawned (port checks, preflight) ${phase('toSpawn')}, spawned to healthy ${phase('toHealthy')}, healthy to exit ${phase('toExit')}`),
    ];
  } finally {
    if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
      const exited = new Promise((r) => daemon!.once('exit', r));
      daemon.kill('SIGTERM');
      await exited;
    }
    spawnSync(process.execPath, [TEACH, 'stop', 'all', ...cfg], { stdio: 'ignore' });
    pm2?.stop();
    await p.cleanup();
  }
}
