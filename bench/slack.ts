/**
 * The Slack bot over Socket Mode against the stand-in, as users meet it: `teach run` as its own process with the
 * three demo services on free ports. Measures the ack latency of `/teach status` (Slack's limit is 3 s; target
 * p99 < 50 ms) and the time until the complete status message is in the channel (target p99 < 300 ms), for 200
 * commands sent one after another and 200 sent 20 at a time; and the resident memory of `teach run` after start
 * (target < 90 MB). Every command goes to its own channel so its answer is the first message there.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { SlackStandin } from '../test/support/slack-standin/index.js';
import { demoCommand, freePort, makeTempProject, repoRoot, type RawServiceInput, type TempProject } from '../test/support/temp-project.js';
import { median, percentile } from './stats.js';
import type { BenchResult } from './types.js';
import { startTeachRun, type TeachRun } from './teach-run.js';

const COMMANDS = 200;
const CONCURRENCY = 20;
const CLI = join(repoRoot, 'dist', 'cli', 'teach.js');

export async function project(): Promise<TempProject> {
  const services: Record<string, RawServiceInput> = {};
  for (const name of ['backend', 'llm', 'frontend'] as const) {
    const port = await freePort();
    services[name] = {
      command: demoCommand(name),
      env: { PORT: String(port), ...(name === 'llm' ? { DASHSCOPE_API_KEY: 'bench-key-not-real-0000' } : {}) },
      port,
      health: { url: `http://127.0.0.1:${port}/health`, timeout: '2s' },
      restart: { policy: 'never' },
    };
  }
  const raw = { name: 'bench', access: { operators: ['UBENCH'], channels: [] } };
  return makeTempProject({ services, raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services }) } });
}

/**
 * `teach run` connected to the stand-in, or (standin undefined) without Slack, for comparison. `entry` runs another
 * way in instead (`npm start`'s dist/cli/daemon.js, which reads TEACHOPS_CONFIG).
 */
export function startBot(p: TempProject, standin: SlackStandin | undefined, entry?: string[]): TeachRun {
  return startTeachRun(p, {
    env: standin ? { SLACK_API_URL: standin.apiUrl, SLACK_BOT_TOKEN: standin.botToken, SLACK_APP_TOKEN: standin.appToken } : {},
    readyLine: standin ? /Slack connected/ : /ready/,
    what: 'did not connect',
    ...(entry ? { entry } : {}),
  });
}

export function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export interface Sample {
  ack: number;
  complete: number;
}

export async function stopBot(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

export async function statusOnce(standin: SlackStandin, channel: string): Promise<Sample> {
  const t0 = performance.now();
  const sent = await standin.slash('status', { user: 'UBENCH', channel });
  await standin.waitForMessage(channel, (m) => /: status: /.test(m.text ?? ''), { timeoutMs: 10_000 });
  return { ack: sent.ack.ms, complete: performance.now() - t0 };
}

export async function pool<T = Sample>(n: number, width: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) out.push(await job(next++));
    }),
  );
  return out;
}

function figures(label: string, samples: Sample[], note: string): BenchResult[] {
  const ack = samples.map((s) => s.ack);
  const complete = samples.map((s) => s.complete);
  return [
    { name: `ack of /teach status, ${label}`, unit: 'ms', median: median(ack), p99: percentile(ack, 99), n: ack.length, note: `${note}; target p99 < 50 ms` },
    { name: `complete /teach status answer, ${label}`, unit: 'ms', median: median(complete), p99: percentile(complete, 99), n: complete.length, note: `${note}; command sent -> status message in the channel; target p99 < 300 ms` },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const standin = await SlackStandin.start();
  standin.store.setMaxListeners(CONCURRENCY * 2 + 10); // one waiter per command in flight
  const p = await project();
  const bot = startBot(p, standin);
  try {
    await bot.ready;
    await new Promise((r) => setTimeout(r, 1000)); // let start-up garbage settle before reading RSS
    const rssStart = rssMb(bot.child.pid!);
    await pool(10, 1, (i) => statusOnce(standin, `CWARM${i}`)); // warm-up, not counted
    const sequential = await pool(COMMANDS, 1, (i) => statusOnce(standin, `CSEQ${i}`));
    const parallel = await pool(COMMANDS, CONCURRENCY, (i) => statusOnce(standin, `CPAR${i}`));
    const rssAfter = rssMb(bot.child.pid!);
    await stopBot(bot.child);
    // The same daemon without Slack (it adopts the running services), to show what the Slack part costs.
    const plain = startBot(p, undefined);
    await plain.ready;
    await new Promise((r) => setTimeout(r, 1000));
    const rssPlain = plain.child.exitCode === null ? rssMb(plain.child.pid!) : NaN;
    await stopBot(plain.child);
    return [
      ...figures('sequential', sequential, 'one command at a time over Socket Mode'),
      ...figures(`${CONCURRENCY} at a time`, parallel, `${CONCURRENCY} commands in flight`),
      { name: 'RSS of teach run after start (3 services, Slack connected)', unit: 'MB', median: rssStart, p99: rssStart, n: 1, note: `VmRSS from /proc; target < 90 MB; after the ${COMMANDS * 2 + 10} commands: ${rssAfter.toFixed(1)} MB; the same daemon without Slack: ${Number.isNaN(rssPlain) ? 'n/a (it exited on its own)' : `${rssPlain.toFixed(1)} MB`}` },
    ];
  } finally {
    await stopBot(bot.child);
    await promisify(execFile)(process.execPath, [CLI, 'stop', 'all', '--config', join(p.dir, 'services.yaml')], { cwd: p.dir }).catch(() => undefined);
    await p.cleanup();
    await standin.stop();
  }
}
