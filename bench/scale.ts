/**
 * `npm run bench -- scale`: how `teach run` grows from 3 to 30 services (issue 14). For each size, a generated config
 * of stand-in services (demo/backend.mjs on free random ports, health checked) at `monitor.interval: 1s`, started
 * with `teach start all`, then `teach run` connected to the Slack stand-in (Socket Mode, the real Bolt receiver):
 * - idle CPU of the daemon: utime + stime from /proc/<pid>/stat over WINDOWS windows of WINDOW_S seconds, after
 *   SETTLE_S seconds of settling (target < 2 % of one core at 30 services);
 * - its RSS (VmRSS) at the end of the idle windows (target <= 110 MB at 30 services);
 * - `teach status --json`, whole process (the installed bin, dist/cli/teach.js), STATUS_RUNS runs alternating with
 *   `node -e 0` (the floor on this machine at that moment; target < 200 ms);
 * - `/teach status` sent through the stand-in, COMMANDS commands with 20 in flight: command sent -> complete status
 *   message in the channel (target p99 < 300 ms), after 10 warm-up commands.
 * Sizes from BENCH_SCALE_SIZES (default "3,30"). BENCH_SCALE_PROF=<folder> runs the daemon with --cpu-prof into it.
 * Every process started here is stopped: the daemon by SIGTERM, the services by `teach stop all`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { SlackStandin } from '../test/support/slack-standin/index.js';
import { demoCommand, freePort, makeTempProject, type RawServiceInput, type TempProject } from '../test/support/temp-project.js';
import { pool, rssMb, statusOnce, stopBot, type Sample } from './slack.js';
import { median, percentile, round } from './stats.js';
import { CLI, startTeachRun } from './teach-run.js';
import type { BenchResult } from './types.js';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '3,30').split(',').map(Number);
const SETTLE_S = Number(process.env.BENCH_SCALE_SETTLE_S ?? 20);
const WINDOWS = Number(process.env.BENCH_SCALE_WINDOWS ?? 3);
const WINDOW_S = 10;
const STATUS_RUNS = Number(process.env.BENCH_SCALE_STATUS_RUNS ?? 11);
const COMMANDS = Number(process.env.BENCH_SCALE_COMMANDS ?? 100);
const CONCURRENCY = 20;
const TICKS_PER_S = 100; // USER_HZ: /proc reports CPU time in these on Linux

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function project(n: number): Promise<TempProject> {
  const services: Record<string, RawServiceInput> = {};
  for (let i = 1; i <= n; i++) {
    const port = await freePort();
    services[`svc${String(i).padStart(2, '0')}`] = { command: demoCommand('backend'), env: { PORT: String(port) }, port, health: { url: `http://127.0.0.1:${port}/health`, timeout: '2s' } };
  }
  const raw = { name: 'scale', access: { operators: ['UBENCH'], channels: [] }, monitor: { interval: '1s' } };
  return makeTempProject({ services, raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services }) } });
}

/** CPU time (ms) the process has used, user + system. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_S;
}

function timed(argv: string[], cwd: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 3) throw new Error(`teach ${argv.slice(1).join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * The same, without blocking this process: the Slack stand-in lives here, and a daemon whose Socket Mode pings go
 * unanswered for seconds reconnects (the first version of this bench measured that instead of /teach status).
 */
async function timedAsync(argv: string[], cwd: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('close', r));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (code !== 0 && code !== 3) throw new Error(`teach ${argv.slice(1).join(' ')} exited ${code}: ${err}`);
  return ms;
}

const ms = (name: string, v: number[], note: string): BenchResult => ({ name, unit: 'ms', median: median(v), p99: percentile(v, 99), n: v.length, note: `p95 ${round(percentile(v, 95))} ms; ${note}` });

async function measure(n: number, standin: SlackStandin): Promise<BenchResult[]> {
  const p = await project(n);
  const config = join(p.dir, 'services.yaml');
  const cfg = ['--config', config];
  const prof = process.env.BENCH_SCALE_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_SCALE_PROF)}`] : [];
  process.stdout.write(`  ${n} services: load average at start ${load()}\n`);
  let bot: ReturnType<typeof startTeachRun> | undefined;
  try {
    const startAll = timed([CLI, 'start', 'all', ...cfg], p.dir);
    bot = startTeachRun(p, {
      env: { SLACK_API_URL: standin.apiUrl, SLACK_BOT_TOKEN: standin.botToken, SLACK_APP_TOKEN: standin.appToken },
      readyLine: /Slack connected/,
      what: 'did not connect',
      entry: [...prof, CLI, 'run', ...cfg],
      timeoutMs: 120_000,
    });
    await bot.ready;
    const pid = bot.child.pid!;
    await sleep(SETTLE_S * 1000);
    const cpu: number[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const c0 = cpuMs(pid);
      const t0 = performance.now();
      await sleep(WINDOW_S * 1000);
      cpu.push(((cpuMs(pid) - c0) / (performance.now() - t0)) * 100);
    }
    const rss = rssMb(pid);
    const loadIdle = load();
    await timedAsync([CLI, 'status', '--json', ...cfg], p.dir); // warm the page cache and the config cache
    const status: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < STATUS_RUNS; i++) {
      status.push(await timedAsync([CLI, 'status', '--json', ...cfg], p.dir));
      floor.push(await timedAsync(['-e', '0'], p.dir));
    }
    // A command that misses Slack's 3 s ack deadline (or never gets its answer) is counted, not fatal to the run.
    const failures: string[] = [];
    const once = (channel: string) => statusOnce(standin, channel).catch((e: unknown) => (failures.push(e instanceof Error ? e.message.split('\n')[0]! : String(e)), undefined));
    await pool(10, 1, (i) => once(`CW${n}x${i}`));
    const slack = (await pool(COMMANDS, CONCURRENCY, (i) => once(`CS${n}x${i}`))).filter((s): s is Sample => s !== undefined);
    const rssAfter = rssMb(pid);
    const complete = slack.map((s) => s.complete);
    const ack = slack.map((s) => s.ack);
    const label = `${n} services, interval 1s`;
    process.stdout.write(`  ${n} services: load average at the end ${load()}\n`);
    return [
      { name: `teach run idle CPU, ${label}, Slack connected`, unit: '% of a core', median: median(cpu), p99: Math.max(...cpu), n: cpu.length, note: `${WINDOWS} windows of ${WINDOW_S} s after ${SETTLE_S} s settling (p99 column = the largest); load average then ${loadIdle}; target < 2 %` },
      { name: `teach run RSS, ${label}, Slack connected, after the idle windows`, unit: 'MB', median: rss, p99: rss, n: 1, note: `VmRSS; after the ${COMMANDS + 10} /teach status commands: ${rssAfter.toFixed(1)} MB; target <= 110 MB` },
      ms(`teach status --json, ${label}, whole process`, status, `node -e 0 alternating with it (the floor): median ${round(median(floor))} ms, p95 ${round(percentile(floor, 95))} ms; target < 200 ms`),
      ms(`/teach status complete answer, ${label}, ${CONCURRENCY} in flight`, complete, `command sent -> status message in the channel; ack median ${round(median(ack))} ms, p99 ${round(percentile(ack, 99))} ms; failed ${failures.length} of ${COMMANDS + 10}${failures.length ? ` (first: ${failures[0]})` : ''}; target p99 < 300 ms`),
      ms(`teach start all, ${label} (before the daemon; health-gated, one after another)`, [startAll], 'one run'),
    ];
  } finally {
    if (bot) await stopBot(bot.child);
    spawnSync(process.execPath, [CLI, 'stop', 'all', ...cfg], { cwd: p.dir, stdio: 'ignore' });
    await p.cleanup();
  }
}

export async function run(): Promise<BenchResult[]> {
  process.stdout.write(`  machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}\n`);
  const standin = await SlackStandin.start();
  standin.store.setMaxListeners(CONCURRENCY * 2 + 10); // one waiter per command in flight
  const out: BenchResult[] = [];
  try {
    for (const n of SIZES) out.push(...(await measure(n, standin)));
  } finally {
    await standin.stop();
  }
  return out;
}
