/**
 * Alertmanager -> Slack through `teach run` (its own process, Socket Mode to the Slack stand-in):
 * - webhook -> Slack message: a POST /alertmanager carrying one new alert, timed from just before the request to
 *   the stand-in holding the alert's message (target p99 < 100 ms), one at a time;
 * - the same for a repeated delivery (already active: refreshed, nothing posted): the POST's answer time;
 * - a group of 1,000 alerts in one POST: the answer time (all recorded), then how long the outbox takes to post all
 *   1,000 messages at the stand-in (it answers at once; real Slack allows about one message per second per
 *   channel, and the outbox waits out its 429s with Retry-After, so there it takes about 17 minutes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SlackStandin } from '../test/support/slack-standin/index.js';
import { freePort, makeTempProject, repoRoot, type TempProject } from '../test/support/temp-project.js';
import { median, percentile } from './stats.js';
import type { BenchResult } from './types.js';

const ROUNDS = 200;
const GROUP = 1000;
const CHANNEL = 'CBENCHAM';
const TOKEN = 'bench-webhook-token-0123456789abcdef';
const CLI = join(repoRoot, 'dist', 'src', 'cli.js');

function payload(alerts: { fingerprint: string; name: string }[]): string {
  return JSON.stringify({
    version: '4',
    receiver: 'teachops',
    status: 'firing',
    groupKey: '{}:{alertname="Bench"}',
    truncatedAlerts: 0,
    externalURL: 'http://alertmanager.lan:9093',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    alerts: alerts.map((a) => ({
      status: 'firing',
      labels: { alertname: a.name, instance: 'api-1.lan:8080', severity: 'warning' },
      annotations: { summary: `${a.name} fired`, description: 'benchmark alert' },
      startsAt: new Date().toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.lan:9090/graph?g0.expr=up',
      fingerprint: a.fingerprint,
    })),
  });
}

function startBot(p: TempProject, standin: SlackStandin): { child: ChildProcess; ready: Promise<void> } {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|TEACHOPS_)/.test(k)) env[k] = v;
  Object.assign(env, { NO_COLOR: '1', SLACK_API_URL: standin.apiUrl, SLACK_BOT_TOKEN: standin.botToken, SLACK_APP_TOKEN: standin.appToken, TEACHOPS_WEBHOOK_TOKEN: TOKEN });
  const child = spawn(process.execPath, [CLI, 'run', '--config', join(p.dir, 'services.yaml')], { cwd: p.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`teach run not ready within 30 s:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/ready: watching/.test(out) && /Slack connected/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`teach run exited (${code}):\n${out}`)));
  });
  return { child, ready };
}

export async function run(): Promise<BenchResult[]> {
  const standin = await SlackStandin.start();
  const port = await freePort();
  const raw = { name: 'bench', alerts: { channel: CHANNEL, repeat_after: '1h' }, access: { operators: ['UBENCH'], channels: [] }, metrics: { listen: `127.0.0.1:${port}` } };
  const p = makeTempProject({ raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services: {} }) } });
  const bot = startBot(p, standin);
  const url = `http://127.0.0.1:${port}/alertmanager`;
  const post = async (body: string) => {
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });
    await res.text();
    if (res.status !== 200) throw new Error(`POST /alertmanager answered ${res.status}`);
  };
  // The stand-in runs in this process: probes stay cheap (the newest messages only).
  const posted = (name: string) => standin.waitFor(() => standin.store.allMessages(CHANNEL).slice(-5).some((m) => (m.text ?? '').includes(`${name} fired`)), { timeoutMs: 10_000, what: name });
  try {
    await bot.ready;
    await standin.waitForSocket();
    const latency: number[] = [];
    const repeat: number[] = [];
    for (let i = 0; i < ROUNDS + 10; i++) {
      const a = { fingerprint: `a${String(i).padStart(15, '0')}`, name: `Bench${i}` };
      const body = payload([a]);
      const t0 = performance.now();
      await post(body);
      await posted(a.name);
      const t1 = performance.now();
      await post(body);
      const t2 = performance.now();
      if (i >= 10) {
        latency.push(t1 - t0);
        repeat.push(t2 - t1);
      }
    }
    const before = standin.store.allMessages(CHANNEL).length;
    const group = Array.from({ length: GROUP }, (_, i) => ({ fingerprint: `b${String(i).padStart(15, '0')}`, name: `Group${i}` }));
    const g0 = performance.now();
    await post(payload(group));
    const g1 = performance.now();
    await standin.waitFor(() => standin.store.allMessages(CHANNEL).length >= before + GROUP, { timeoutMs: 600_000, what: `${GROUP} messages` });
    const g2 = performance.now();
    return [
      { name: 'webhook -> Slack message (one new alert)', unit: 'ms', median: median(latency), p99: percentile(latency, 99), n: latency.length, note: 'POST /alertmanager to the message at the stand-in, sequential, after 10 warm-up rounds (target p99 < 100 ms)' },
      { name: 'repeated delivery of an active alert (answer time)', unit: 'ms', median: median(repeat), p99: percentile(repeat, 99), n: repeat.length, note: 'refreshed in the store, nothing posted' },
      { name: `group of ${GROUP} alerts: POST answered (all recorded)`, unit: 'ms', median: g1 - g0, p99: g1 - g0, n: 1 },
      { name: `group of ${GROUP} alerts: all messages posted at the stand-in`, unit: 'ms', median: g2 - g0, p99: g2 - g0, n: 1, note: `${((g2 - g1) / GROUP).toFixed(1)} ms per message through the outbox; real Slack paces it to ~1 message/s per channel (429 + Retry-After)` },
    ];
  } finally {
    bot.child.kill('SIGTERM');
    await new Promise((r) => bot.child.once('exit', r));
    await standin.stop();
    await p.cleanup();
  }
}
