/**
 * Alerts, as users meet them: `teach run` as its own process, connected to the Slack stand-in over Socket Mode.
 * - kill -9 of a service (spawned by the bot) -> its alert message at the stand-in (target < 1 s), 20 times;
 * - kill -9 -> the service answering its health check again under `on-failure` (target: its own start-up time + 1 s;
 *   with the default backoff of 1 s that is start-up + backoff + detection);
 * - CPU of the idle `teach run` watching three services at a 5 s interval (utime + stime from /proc, target < 1 %);
 * - duplicates under lost answers: 100 alert posts that Slack applies but whose answer never arrives (connection
 *   dropped), and 20 answered only after the client's timeout, through the production delivery wiring with a
 *   ManualClock for the retry backoff; every alert must end with exactly one message (target 0 duplicates).
 * The restart window is 2 s and each round waits it out, so every round starts from the first backoff step.
 * - messages and thread lines per flapping episode and per crash loop (alerts-episode.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SlackStandin } from '../test/support/slack-standin/index.js';
import { demoCommand, freePort, makeTempProject, repoRoot, type RawServiceInput, type TempProject } from '../test/support/temp-project.js';
import { median, percentile } from './stats.js';
import type { BenchResult } from './types.js';
import { ManualClock } from '../src/clock.js';
import { startApp } from '../src/app/compose.js';
import { deliveryPart } from '../src/app/delivery-part.js';
import { AlertBook } from '../src/monitor/book.js';
import { notificationsOf } from '../src/ops/types.js';
import { createSupervisor } from '../src/supervisor/index.js';
import { startTeachRun, type TeachRun } from './teach-run.js';
import { episodes } from './alerts-episode.js';

const ROUNDS = 20;
const CHANNEL = 'CBENCHALERTS';
const CLI = join(repoRoot, 'dist', 'cli', 'teach.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function project(names: readonly ('backend' | 'llm' | 'frontend')[], interval: string): Promise<TempProject & { ports: Record<string, number> }> {
  const services: Record<string, RawServiceInput> = {};
  const ports: Record<string, number> = {};
  for (const name of names) {
    const port = await freePort();
    ports[name] = port;
    services[name] = {
      command: demoCommand(name),
      env: { PORT: String(port), ...(name === 'llm' ? { DASHSCOPE_API_KEY: 'bench-key-not-real-0000' } : {}) },
      port,
      health: { url: `http://127.0.0.1:${port}/health`, timeout: '1s' },
      restart: { policy: 'on-failure', max_restarts: 5, window: '2s', backoff: '1s', backoff_max: '30s' },
    };
  }
  const raw = {
    name: 'bench',
    monitor: { interval, thresholds: { cpu_percent: 100, memory_percent: 100, disk_percent: 100 } },
    alerts: { channel: CHANNEL, repeat_after: '1h' },
    access: { operators: ['UBENCH'], channels: [] },
  };
  const p = makeTempProject({ services, raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services }) } });
  return { ...p, ports };
}

function startBot(p: TempProject, standin: SlackStandin): TeachRun {
  return startTeachRun(p, { env: { SLACK_API_URL: standin.apiUrl, SLACK_BOT_TOKEN: standin.botToken, SLACK_APP_TOKEN: standin.appToken } });
}

function pidOf(p: TempProject, svc: string): number {
  return (JSON.parse(readFileSync(join(p.logsDir, 'pids', `${svc}.pid`), 'utf8')) as { pid: number }).pid;
}

/** Polls the health endpoint until a process other than `oldPid` answers it. */
async function healthyAgain(port: number, oldPid: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) });
      const body = (await r.json()) as { pid?: number };
      if (r.ok && body.pid !== oldPid) return Date.now();
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`port ${port} not healthy again within ${timeoutMs} ms`);
}

async function killToAlert(standin: SlackStandin): Promise<BenchResult[]> {
  const p = await project(['backend'], '5s');
  const bot = startBot(p, standin);
  const toAlert: number[] = [];
  const toHealthy: number[] = [];
  const startup: number[] = [];
  try {
    await bot.ready;
    await sleep(500);
    for (let i = 0; i < ROUNDS; i++) {
      const before = standin.messages(CHANNEL).length;
      const pid = pidOf(p, 'backend');
      const t0 = Date.now();
      process.kill(pid, 'SIGKILL');
      const [msg, healthyAt] = await Promise.all([
        standin.waitFor((s) => s.messages(CHANNEL)[before], { timeoutMs: 10_000, what: `alert #${i + 1}` }),
        healthyAgain(p.ports.backend!, pid),
      ]);
      toAlert.push(msg.postedAt - t0);
      toHealthy.push(healthyAt - t0);
      const note = await standin.waitFor((s) => s.thread(CHANNEL, msg.ts).find((r) => /healthy again in/.test(r.text ?? '')), { timeoutMs: 10_000 });
      const ms = /healthy again in ([\d.]+) (ms|s)/.exec(note.text ?? '');
      if (ms) startup.push(Number(ms[1]) * (ms[2] === 's' ? 1000 : 1));
      await sleep(2100); // outlive the 2 s restart window: the next round starts from the first backoff step
    }
  } finally {
    bot.child.kill('SIGTERM');
    await new Promise((r) => bot.child.once('exit', r));
    spawnSync(process.execPath, [CLI, 'stop', 'all', '--config', join(p.dir, 'services.yaml')], { cwd: p.dir });
    await p.cleanup();
  }
  return [
    { name: 'kill -9 -> alert message at the stand-in', unit: 'ms', median: median(toAlert), p99: percentile(toAlert, 99), n: toAlert.length, note: 'target < 1000 ms (exit event, no polling delay)' },
    {
      name: 'kill -9 -> healthy again (on-failure, backoff 1 s)',
      unit: 'ms',
      median: median(toHealthy),
      p99: percentile(toHealthy, 99),
      n: toHealthy.length,
      note: `target: start-up + 1 s; the service's own start-up (spawn -> healthy) was median ${Math.round(median(startup))} ms, p99 ${Math.round(percentile(startup, 99))} ms`,
    },
  ];
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

async function idleCpu(standin: SlackStandin): Promise<BenchResult[]> {
  const p = await project(['backend', 'llm', 'frontend'], '5s');
  const bot = startBot(p, standin);
  const windows: number[] = [];
  try {
    await bot.ready;
    await sleep(15_000); // idle means after start-up: first rounds, JIT warm-up and the Slack connection are done
    const pid = bot.child.pid!;
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const c0 = cpuTicks(pid);
      await sleep(10_000);
      const c1 = cpuTicks(pid);
      windows.push(((c1 - c0) / 100 / ((Date.now() - t0) / 1000)) * 100);
    }
  } finally {
    bot.child.kill('SIGTERM');
    await new Promise((r) => bot.child.once('exit', r));
    spawnSync(process.execPath, [CLI, 'stop', 'all', '--config', join(p.dir, 'services.yaml')], { cwd: p.dir });
    await p.cleanup();
  }
  return [{ name: 'idle teach run, 3 services, 5 s interval', unit: '% of a core', median: median(windows), p99: percentile(windows, 99), n: windows.length, note: 'utime + stime of the bot over 3 windows of 10 s (30 s); target < 1 %' }];
}

/** `n` alerts whose first post Slack applies but answers the way `fault` says; duplicates = posts beyond one each. */
export async function lostAnswers(n: number, fault: 'dropAfterApply' | 'late'): Promise<BenchResult> {
  const standin = await SlackStandin.start({ channels: { [CHANNEL]: 'alerts' } });
  const raw = { name: 'bench', alerts: { channel: CHANNEL, repeat_after: '1h' }, access: { operators: ['UBENCH'], channels: [] } };
  const p = makeTempProject({ services: {}, raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services: {} }) } });
  const clock = new ManualClock(Date.now());
  const ops = { config: p.config, store: p.store, supervisor: createSupervisor({ config: p.config, store: p.store, clock }), clock };
  const env = { SLACK_BOT_TOKEN: standin.botToken, SLACK_APP_TOKEN: standin.appToken, SLACK_API_URL: standin.apiUrl, TEACHOPS_SLACK_CALL_TIMEOUT: '300ms' };
  const app = await startApp({ ops, env, log: () => undefined }, [deliveryPart]);
  const settled: number[] = [];
  try {
    standin.failNext('chat.postMessage', n, fault === 'late' ? { answerAfterMs: 600 } : { dropAfterApply: true });
    const book = new AlertBook({ store: p.store, clock, config: p.config, notifications: notificationsOf(app.ctx.ops) });
    for (let i = 0; i < n; i++) book.raise({ kind: 'disk', subject: `/bench/${i}`, value: 95, threshold: 90, detail: null });
    const t0 = clock.now();
    const delivery = app.ctx.shared.delivery!;
    for (let i = 0; i < 20 * n && p.store.outbox.pendingCount() > 0; i++) {
      await delivery.idle();
      clock.advance(250);
      await sleep(1);
    }
    settled.push(clock.now() - t0);
  } finally {
    await app.stop(2000);
    await standin.stop().catch(() => undefined);
  }
  const perAlert = new Map<number, number>();
  for (const c of standin.calls('chat.postMessage')) {
    const id = (c.args.metadata as { event_payload?: { alert_id?: number } } | undefined)?.event_payload?.alert_id;
    if (c.ok && c.args.thread_ts === undefined && id !== undefined) perAlert.set(id, (perAlert.get(id) ?? 0) + 1);
  }
  const duplicates = [...perAlert.values()].reduce((sum, k) => sum + Math.max(0, k - 1), 0);
  const missing = n - perAlert.size;
  const lookups = standin.calls('conversations.history').length;
  await p.cleanup();
  const what = fault === 'late' ? `answered after the client's 300 ms timeout` : 'applied, connection dropped before the answer';
  return {
    name: `duplicate alert messages under ${n} lost answers (${what})`,
    unit: 'messages',
    median: duplicates,
    p99: duplicates,
    n,
    note: `target 0; ${missing} alerts without a message; ${lookups} metadata lookups; all delivered after ${Math.round(settled[0]! / 1000)} s of backoff (manual clock)`,
  };
}

export async function run(): Promise<BenchResult[]> {
  const flapping = await episodes();
  const lost = [await lostAnswers(100, 'dropAfterApply'), await lostAnswers(20, 'late')];
  const standin = await SlackStandin.start();
  try {
    return [...flapping, ...lost, ...(await killToAlert(standin)), ...(await idleCpu(standin))];
  } finally {
    await standin.stop();
  }
}
