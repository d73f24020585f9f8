/**
 * An in-process daemon over a temp project, built by the production composition (src/app: the delivery,
 * operations and monitor parts, wired as `teach run` wires them): real services (fixtures/http-service.mjs on free
 * ports), a real supervisor and store, a ManualClock for the daemon (backoff, `for`, re-notification, delivery
 * retries), an injected metrics source, and delivery to the console or, with `slack`, to the Slack stand-in (the
 * daemon's environment points SLACK_API_URL at it).
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { freePort } from '../support/temp-project.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import type { Monitor } from '../../src/monitor/index.js';
import type { SnapshotSummary } from '../../src/monitor/snapshot.js';
import type { SampleSink } from '../../src/monitor/sample.js';
import type { Delivery } from '../../src/notify/delivery.js';
import type { PartFactory } from '../../src/app/run.js';
import type { OpsContext } from '../../src/ops/types.js';
import { startApp, type RunningApp } from '../../src/app/compose.js';
import { deliveryPart } from '../../src/app/delivery-part.js';
import { operationsPart } from '../../src/app/operations-part.js';
import { monitorPart } from '../../src/app/monitor-part.js';
import type { SystemSample } from '../../src/probes/system.js';
import { createRealMetrics, type MetricsSource } from '../../src/probes/metrics.js';
import type { GroupUsage } from '../../src/probes/process.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createSupervisor } from '../../src/supervisor/index.js';
import type { Supervisor } from '../../src/supervisor/types.js';
import type { SlackStandin } from '../support/slack-standin/index.js';

export const FIXTURE = fileURLToPath(new URL('./fixtures/http-service.mjs', import.meta.url));
export const CHANNEL = 'C0ALERTS';
export const OPERATOR = 'U0OPERATOR';

// One freePort for every suite: it never hands out the same port twice in a process.
export { freePort };

/** CPU / memory / disk as the test says, not as the host is. */
export class FakeMetrics implements MetricsSource {
  cpu = 10;
  memory = 20;
  disks: Record<string, number> = { '/': 50 };
  serviceCpu = 1;
  serviceRssMb = 50;

  async system(): Promise<SystemSample> {
    return {
      at: Date.now(),
      cpuPercent: this.cpu,
      cpuCount: 2,
      memory: { totalBytes: 8e9, availableBytes: 8e9 * (1 - this.memory / 100), usedBytes: 8e9 * (this.memory / 100), percent: this.memory },
      disks: Object.entries(this.disks).map(([mount, percent]) => ({ mount, totalBytes: 1e11, usedBytes: percent * 1e9, availableBytes: (100 - percent) * 1e9, percent })),
      diskErrors: [],
      loadAverage: [0.1, 0.1, 0.1],
      uptimeSeconds: 1000,
      cpuTimes: { busy: 100, total: 1000 },
    };
  }

  async group(): Promise<GroupUsage> {
    const rssBytes = this.serviceRssMb * 1024 * 1024;
    return { cpu: this.serviceCpu, rssBytes, memPercent: (rssBytes / 8e9) * 100, pids: [] };
  }
}

export const fakeSnapshot = async (): Promise<SnapshotSummary> => ({
  at: Date.now(),
  cpu: 12.5,
  memory: 40,
  load: '0.10 0.20 0.30',
  disks: [{ mount: '/', percent: 55 }],
  topCpu: [{ name: 'node', pid: 1234, cpu: 12.5 }],
  topMemory: [{ name: 'node', pid: 1234, mb: 80 }],
  log: { file: 'web.log', scanned: 200, lines: ['ERROR: boom'] },
});

export interface HarnessOptions {
  services?: string[];
  /** YAML lines inside `services.<name>:` added to every service (e.g. restart / limits) */
  serviceExtra?: string;
  monitor?: string;
  alerts?: string;
  slack?: SlackStandin;
  snapshot?: boolean;
  /** the production metrics source (/proc and statfs) instead of FakeMetrics */
  realMetrics?: boolean;
  /** receives every round's readings, as the /metrics exporter does */
  sink?: SampleSink;
  /** more of the daemon's environment (TEACHOPS_SLACK_CALL_TIMEOUT ...) */
  env?: Record<string, string>;
}

export interface Harness {
  root: string;
  config: Config;
  store: Store;
  supervisor: Supervisor;
  clock: ManualClock;
  ops: OpsContext;
  metrics: FakeMetrics;
  monitor: Monitor;
  delivery: Delivery;
  app: RunningApp;
  lines: string[];
  ports: Record<string, number>;
  failFile: string;
  crashFile: string;
  /** `teach run` stopped and started again over the same files (the old app shut down first) */
  restart(): Promise<void>;
  /** advance the manual clock by `n` intervals, letting each round, restart and delivery finish */
  intervals(n?: number): Promise<void>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function harness(o: HarnessOptions = {}): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), 'teachops-monitor-'));
  mkdirSync(join(root, 'config'));
  const names = o.services ?? ['web'];
  const ports: Record<string, number> = {};
  for (const n of names) ports[n] = await freePort();
  const failFile = join(root, 'fail-health');
  const crashFile = join(root, 'crash');
  const services = names
    .map(
      (n) => `  ${n}:
    command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(FIXTURE)}]
    env: { PORT: "${ports[n]}", FAIL_FILE: ${JSON.stringify(failFile)}, CRASH_FILE: ${JSON.stringify(crashFile)} }
    port: ${ports[n]}
    health: { url: "http://127.0.0.1:${ports[n]}/health", timeout: 1s }
    start_timeout: 10s
    stop_timeout: 2s
${o.serviceExtra ?? '    restart: { policy: on-failure, max_restarts: 3, window: 10m, backoff: 1s, backoff_max: 8s }'}`,
    )
    .join('\n');
  writeFileSync(
    join(root, 'config', 'services.yaml'),
    `name: Test stack
logs_dir: ../logs
services:
${services}
monitor:
${o.monitor ?? '  interval: 5s\n  health_failures: 3\n  for: 3'}
alerts:
${o.alerts ?? `  channel: ${CHANNEL}\n  repeat_after: 15m\n  escalate_to: ["<!subteam^S0ONCALL>"]`}
access:
  operators: [${OPERATOR}]
`,
  );
  const config = loadConfig({ file: join(root, 'config', 'services.yaml'), env: {} });
  const store = openStore(config.logs_dir);
  // The supervisor waits for health on real time; the monitor's own timing runs on the manual clock.
  const supervisor = createSupervisor({ config, store, log: () => undefined });
  const clock = new ManualClock(Date.now());
  const ops: OpsContext = { config, store, supervisor, clock };
  const metrics = new FakeMetrics();
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  const env: NodeJS.ProcessEnv = o.slack ? { SLACK_BOT_TOKEN: o.slack.botToken, SLACK_APP_TOKEN: o.slack.appToken, SLACK_API_URL: o.slack.apiUrl, ...o.env } : { ...o.env };
  // Where the metrics part would hand the monitor its sink.
  const sinkPart: PartFactory = async (ctx) => {
    if (o.sink) ctx.shared.monitorSink = o.sink;
    return undefined;
  };
  const start = () =>
    startApp(
      { ops: { ...ops }, env, log, ports: { metrics: o.realMetrics ? createRealMetrics({ mounts: config.monitor.disks }) : metrics, snapshot: o.snapshot ? fakeSnapshot : null } },
      [deliveryPart, sinkPart, monitorPart, operationsPart],
    );
  let app = await start();

  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await h.monitor.idle();
      await h.delivery.idle();
    }
  };
  const h: Harness = {
    root, config, store, supervisor, clock, metrics, lines, ports, failFile, crashFile,
    /** the running daemon's operations context (its notification port wakes delivery at once) */
    get ops() {
      return app.ctx.ops;
    },
    get app() {
      return app;
    },
    get monitor() {
      return app.ctx.shared.monitor!;
    },
    get delivery() {
      return app.ctx.shared.delivery!;
    },
    settle,
    async restart() {
      await app.stop(5000);
      app = await start();
      await settle();
    },
    async intervals(n = 1) {
      for (let i = 0; i < n; i++) {
        clock.advance(config.monitor.interval);
        await settle();
      }
    },
    async close() {
      await app.stop(5000);
      await supervisor.stop('all', { by: 'test' });
      store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return h;
}

/** Polls `probe` on real time (process exits and HTTP are real). */
export async function until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
