/**
 * What a flapping episode costs the people in the channel: top-level messages, thread lines (and how many of them
 * were broadcast to the channel, how many edits), through the production wiring (delivery + monitor parts) against
 * the Slack stand-in, with a ManualClock for backoff and re-notification, and real processes killed with SIGKILL.
 * - flapping: a service crashing 10 times in 5 minutes (a SIGKILL every 30 s), restarted by the policy each time;
 * - crash loop: a key missing from the env file: every automatic restart is refused until the policy gives up
 *   (max_restarts 10).
 * Target (issue 11): 1 top-level message and <= 4 thread lines per episode.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ManualClock } from '../src/clock.js';
import { startApp } from '../src/app/compose.js';
import { deliveryPart } from '../src/app/delivery-part.js';
import { monitorPart } from '../src/app/monitor-part.js';
import { operationsPart } from '../src/app/operations-part.js';
import { createSupervisor } from '../src/supervisor/index.js';
import { createRealMetrics, type MetricsSource } from '../src/probes/metrics.js';
import { SlackStandin } from '../test/support/slack-standin/index.js';
import { demoCommand, freePort, makeTempProject } from '../test/support/temp-project.js';
import type { BenchResult } from './types.js';

const CHANNEL = 'CBENCHFLAP';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Episode {
  top: number;
  lines: number;
  broadcasts: number;
  edits: number;
  crashes: number;
  restarts: number;
  /** from the first crash to the last one, on the monitor's clock */
  spanMs: number;
}

async function episode(kind: 'flapping' | 'crash_loop'): Promise<Episode> {
  const standin = await SlackStandin.start({ channels: { [CHANNEL]: 'alerts' } });
  const port = await freePort();
  // Backoff capped at 5 s so that ten crashes, each with its restart, fit in five minutes.
  const restart = { policy: 'on-failure', max_restarts: kind === 'flapping' ? 20 : 10, window: '10m', backoff: '1s', backoff_max: kind === 'flapping' ? '5s' : '2s' };
  const services = {
    backend: {
      command: demoCommand('backend'),
      env: { PORT: String(port) },
      env_file: 'backend.env',
      required_env: ['DASHSCOPE_API_KEY'],
      port,
      health: { url: `http://127.0.0.1:${port}/health`, timeout: '1s' },
      restart,
    },
  };
  const raw = { name: 'bench', alerts: { channel: CHANNEL, repeat_after: '15m', escalate_to: ['<!subteam^S0ONCALL>'] }, access: { operators: ['UBENCH'], channels: [] } };
  const p = makeTempProject({ services, raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services }), 'backend.env': 'DASHSCOPE_API_KEY=bench-key-not-real-0000\n' } });
  const clock = new ManualClock(Date.now());
  const supervisor = createSupervisor({ config: p.config, store: p.store, log: () => undefined });
  const ops = { config: p.config, store: p.store, supervisor, clock };
  const env = { SLACK_BOT_TOKEN: standin.botToken, SLACK_APP_TOKEN: standin.appToken, SLACK_API_URL: standin.apiUrl };
  await supervisor.start('backend', { by: 'bench' });
  // The host's own load (a shared machine) must not raise alerts of its own here: quiet readings for the host.
  const real = createRealMetrics({ mounts: [] });
  const metrics: MetricsSource = { system: async () => ({ ...(await real.system()), cpuPercent: 1, memory: { totalBytes: 1e9, availableBytes: 9e8, usedBytes: 1e8, percent: 10 }, disks: [] }), group: (pgid) => real.group(pgid) };
  const snapshot = async () => ({ at: clock.now(), cpu: 1, memory: 1, load: '0', disks: [], topCpu: [], topMemory: [] });
  const app = await startApp({ ops, env, log: () => undefined, ports: { metrics, snapshot } }, [deliveryPart, monitorPart, operationsPart]);
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await app.ctx.shared.monitor!.idle();
      await app.ctx.shared.delivery!.idle();
    }
  };
  const running = () => supervisor.runtime('backend')[0]!;
  let crashes = 0;
  let span = 0;
  try {
    await settle();
    if (kind === 'crash_loop') writeFileSync(join(p.dir, 'backend.env'), '# the key was removed\n');
    const rounds = kind === 'flapping' ? 10 : 1;
    const t0 = clock.now();
    for (let i = 0; i < rounds; i++) {
      // crash i happens 30 s after crash i-1 (on the monitor's clock): ten crashes within five minutes
      clock.advance(Math.max(0, t0 + 30_000 * i - clock.now()));
      await settle();
      const pid = running().pid!;
      process.kill(pid, 'SIGKILL');
      crashes++;
      for (let t = 0; t < 500 && running().pid === pid && running().state === 'running'; t++) await sleep(10);
      await settle();
      // Past each backoff step until the service is back (flapping) or the policy gave up (crash loop).
      for (let s = 0; s < 40; s++) {
        if (kind === 'flapping' ? running().state === 'running' && p.store.alerts.active().length === 0 : p.store.stats.get('backend').fatal) break;
        clock.advance(2000);
        await settle();
      }
    }
    const alert = p.store.alerts.recent(1)[0];
    span = alert ? alert.fired_at - alert.started_at : 0;
    await settle();
  } finally {
    await app.stop(5000);
    await supervisor.stop('all', { by: 'bench' });
  }
  if (process.env.BENCH_DUMP) process.stdout.write(`${standin.dump(CHANNEL)}\n`);
  const top = standin.messages(CHANNEL);
  const replies = top.flatMap((m) => m.replies);
  const result = {
    top: top.length,
    lines: replies.length,
    broadcasts: replies.filter((r) => r.broadcast === true).length,
    edits: [...top, ...replies].reduce((n, m) => n + m.edits.length, 0),
    crashes,
    restarts: p.store.stats.get('backend').restarts,
    spanMs: span,
  };
  await standin.stop();
  await p.cleanup();
  return result;
}

export async function episodes(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const kind of ['flapping', 'crash_loop'] as const) {
    const e = await episode(kind);
    const what = kind === 'flapping' ? `${e.crashes} crashes (SIGKILL every 30 s, ${Math.round(e.spanMs / 1000)} s from first to last), ${e.restarts} automatic restarts` : `missing key: ${e.restarts} restarts refused by the preflight, then gave up`;
    const note = `target 1 message and <= 4 lines; ${e.broadcasts} of the lines broadcast to the channel, ${e.edits} edits in place; ${what}`;
    out.push({ name: `${kind} episode: top-level messages`, unit: 'messages', median: e.top, p99: e.top, n: 1, note });
    out.push({ name: `${kind} episode: thread lines`, unit: 'lines', median: e.lines, p99: e.lines, n: 1, note });
  }
  return out;
}
