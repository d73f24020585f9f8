/**
 * A service flooding its log under `teach run` with Slack connected (the stand-in over Socket Mode): the flood
 * fixture, started once the bot is connected, writes FLOOD_MBPS MB/s (default 60) for FLOOD_SECONDS s (default 90;
 * e.g. FLOOD_SECONDS=15 for a quick run) with `log_rotation: { max_size: 20MB, keep: 5 }`. Measured:
 *  - the ack of `/teach status`, sent one after another every 250 ms (target p99 < 100 ms; Slack's deadline is 3 s),
 *  - the daemon's longest event-loop stall, from inside it (TEACHOPS_DEBUG_STALLS, src/util/stall-report.ts:
 *    perf_hooks.monitorEventLoopDelay at 10 ms resolution; target < 100 ms),
 *  - the largest log generation (live file, plain generation, or a .gz's unpacked size) and the largest total of the
 *    log's files on disk, sampled every 250 ms, against max_size,
 *  - what the writer achieved (bytes it wrote, from /proc/<pid>/io).
 * The host's own share of a stall (other processes competing for the CPU) is shown beside it: an idle node process
 * measures its event-loop delay the same way over the same period, and the load average is printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SlackStandin } from '../test/support/slack-standin/index.js';
import { fixtureCommand, makeTempProject, repoRoot, type TempProject } from '../test/support/temp-project.js';
import { folderSample } from '../test/support/log-folder.js';
import { readPidFile } from '../src/supervisor/pidfile.js';
import type { StallFigures } from '../src/util/stall-report.js';
import { median, percentile } from './stats.js';
import type { BenchResult } from './types.js';

const MB = 1024 * 1024;
const MAX_SIZE_MB = 20;
const KEEP = 5;
const CLI = join(repoRoot, 'dist', 'cli', 'teach.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function project(rate: number): TempProject {
  // started once the bot is up (a service that begins flooding while teach run watches it); see run()
  const services = { flood: { command: fixtureCommand('flood'), env: { FLOOD_MBPS: String(rate) }, autostart: false, restart: { policy: 'never' }, stop_timeout: '3s' } };
  const raw = { name: 'bench', access: { operators: ['UBENCH'], channels: [] }, log_rotation: { max_size: `${MAX_SIZE_MB}MB`, keep: KEEP } };
  return makeTempProject({ services, raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services }) } });
}

function startBot(p: TempProject, standin: SlackStandin, stallFile: string): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|TEACHOPS_)/.test(k)) env[k] = v;
  Object.assign(env, { NO_COLOR: '1', SLACK_API_URL: standin.apiUrl, SLACK_BOT_TOKEN: standin.botToken, SLACK_APP_TOKEN: standin.appToken, TEACHOPS_DEBUG_STALLS: stallFile });
  const child = spawn(process.execPath, [CLI, 'run', '--config', join(p.dir, 'services.yaml')], { cwd: p.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`teach run did not connect within 30 s:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Slack connected/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`teach run exited (${code}):\n${out}`)));
  });
  return { child, ready, output: () => out };
}

/** An idle node process measuring its own event-loop delay: what the host alone does to a timer. */
function startControl(): { stop: () => Promise<{ maxMs: number; p99Ms: number }> } {
  const script = `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }); h.enable();
process.on('SIGTERM', () => { process.stdout.write(JSON.stringify({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 })); process.exit(0); });
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      return JSON.parse(out) as { maxMs: number; p99Ms: number };
    },
  };
}

function cli(p: TempProject, ...args: string[]): Promise<unknown> {
  return new Promise((r) => spawn(process.execPath, [CLI, ...args, '--config', join(p.dir, 'services.yaml')], { cwd: p.dir, stdio: 'ignore' }).once('exit', r));
}

/** bytes the process has written with write(2) so far */
function written(pid: number): number {
  const m = /^wchar:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

function floodPid(p: TempProject): number {
  const read = readPidFile(p.logsDir, 'flood');
  if (!read || !('record' in read)) throw new Error('the flood service has no pid file');
  return read.record.pid;
}

export async function run(): Promise<BenchResult[]> {
  const seconds = Number(process.env.FLOOD_SECONDS ?? 90);
  const rate = Number(process.env.FLOOD_MBPS ?? 60);
  const standin = await SlackStandin.start();
  const p = project(rate);
  const scratch = mkdtempSync(join(tmpdir(), 'teachops-bench-flood-'));
  const stallFile = join(scratch, 'stalls.json');
  const bot = startBot(p, standin, stallFile);
  try {
    await bot.ready;
    await cli(p, 'start', 'flood');
    const pid = floodPid(p);
    const control = startControl();
    const w0 = written(pid);
    const t0 = performance.now();
    const from = new Date().toISOString();
    const until = Date.now() + seconds * 1000;
    const acks: number[] = [];
    let lost = 0;
    const samples: { at: number; sample: ReturnType<typeof folderSample> }[] = [];
    const sampler = (async () => {
      while (Date.now() < until) {
        samples.push({ at: Date.now(), sample: folderSample(p.logsDir, 'flood.log') });
        await sleep(250);
      }
    })();
    while (Date.now() < until) {
      try {
        acks.push((await standin.slash('status', { user: 'UBENCH', channel: 'CBENCHFLOOD' })).ack.ms);
      } catch {
        lost++; // no ack within 3 s
      }
      await sleep(250);
    }
    await sampler;
    const to = new Date().toISOString();
    const achieved = (written(pid) - w0) / MB / ((performance.now() - t0) / 1000);
    const host = await control.stop();
    const load = loadavg()[0]!.toFixed(1);
    await sleep(1500); // one more stall report
    const stalls = JSON.parse(readFileSync(stallFile, 'utf8')) as StallFigures;
    // FLOOD_VERBOSE=1 shows what the daemon said (its rotation lines) and its longest stalls on stderr
    if (process.env.FLOOD_VERBOSE) process.stderr.write(`${bot.output()}\nlongest stalls: ${JSON.stringify(stalls.worst)}\n`);
    // Seconds that ended within the run (after "Slack connected"): the daemon's start-up loads modules synchronously.
    const window = stalls.seconds.filter((x) => x.at > from && x.at <= to);
    const stallMax = Math.max(...window.map((x) => x.maxMs));
    const stallP99s = window.map((x) => x.p99Ms);
    const largest = Math.max(...samples.map((x) => x.sample.largestGeneration)) / MB;
    const totals = samples.map((x) => x.sample.totalBytes / MB);
    const note = `${seconds} s at ${rate} MB/s target (writer achieved ${achieved.toFixed(1)} MB/s), max_size ${MAX_SIZE_MB} MB, keep ${KEEP}`;
    return [
      { name: 'ack of /teach status during the flood', unit: 'ms', median: median(acks), p99: percentile(acks, 99), n: acks.length, note: `${note}; ${lost} without an ack within 3 s; target p99 < 100 ms` },
      {
        name: 'longest event-loop stall of teach run, per second',
        unit: 'ms',
        median: median(window.map((x) => x.maxMs)),
        p99: stallMax,
        n: window.length,
        note: `p99 column = the longest in the run; monitorEventLoopDelay inside the daemon (10 ms resolution), median of the per-second p99 ${median(stallP99s).toFixed(1)} ms; target < 100 ms. An idle node process on the same host meanwhile: longest ${host.maxMs.toFixed(0)} ms, p99 ${host.p99Ms.toFixed(1)} ms (load average ${load} on ${cpus().length} cores)`,
      },
      {
        name: 'largest log generation',
        unit: 'MB',
        median: largest,
        p99: largest,
        n: samples.length,
        note: `live file, plain generation or unpacked .gz, sampled every 250 ms; max_size ${MAX_SIZE_MB} MB + one check's worth (<= 1 s) at ${rate} MB/s = ${MAX_SIZE_MB + rate} MB`,
      },
      {
        name: 'log folder size (live file + generations + temps)',
        unit: 'MB',
        median: median(totals),
        p99: Math.max(...totals),
        n: totals.length,
        note: `p99 column = largest seen; bound: the live file + ${KEEP} generations, each at most the largest generation, = ${((KEEP + 1) * largest).toFixed(0)} MB (generations stay uncompressed while the log floods)`,
      },
    ];
  } finally {
    if (bot.child.exitCode === null) {
      bot.child.kill('SIGTERM');
      await new Promise((r) => bot.child.once('exit', r));
    }
    await cli(p, 'stop', 'all');
    await p.cleanup();
    await standin.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
