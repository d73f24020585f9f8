/**
 * `teach run` (what `npm start` runs): adopt or start the autostart services, then stay in the foreground showing
 * their state as it changes until SIGINT/SIGTERM. Services keep running when it exits.
 * The daemon is a set of parts (delivery, monitor, incidents, maintenance, Slack ...) composed here, in src/app, the
 * only place that knows every piece; started in order and stopped in reverse, in phases (shutdown.ts).
 */
import { readDaemonEnv } from './env.js';
import { claimDaemon } from './single-instance.js';
import { createStateWatcher } from './state-watcher.js';
import { loadConfig } from '../config/load.js';
import { openStore } from '../store/index.js';
import { createSupervisor } from '../supervisor/index.js';
import { runLifecycle } from '../ops/lifecycle.js';
import { TEACHOPS_ACTOR, type OpsContext } from '../ops/types.js';
import { systemClock, type Clock } from '../clock.js';
import { translator } from '../i18n/index.js';
import { eventLine, resultLines } from '../cli/render/lifecycle.js';
import { paint } from '../cli/render/color.js';
import type { Config } from '../config/types.js';
import type { BackupResult } from '../backup/index.js';
import type { SampleSink } from '../monitor/sample.js';
import type { HttpListener } from '../util/http-listener.js';
import type { LastErrorReader, Monitor, SnapshotTaker } from '../monitor/index.js';
import type { Delivery } from '../notify/delivery.js';
import type { MetricsSource } from '../probes/metrics.js';
import type { HealthCheck, HealthResult } from '../probes/health.js';
import type { IncidentTuning } from '../ops/incidents.js';
import { createBackground, type Background } from '../util/background.js';
import type { Inflight } from '../util/inflight.js';
import { daemonContext, startParts } from './compose.js';
import type { SlackHealth } from './slack-health.js';
import { shutdownParts } from './shutdown.js';

export interface DaemonIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  configPath?: string;
  clock?: Clock;
  /** resolves when the daemon should stop (SIGINT/SIGTERM) */
  stopSignal: Promise<string>;
}

/** A long-running piece of the daemon. Shutdown calls quiesce on every part, then drain, then stop. */
export interface DaemonPart {
  name: string;
  /** stop taking new work (listeners, timers) */
  quiesce?(): Promise<void> | void;
  /** wait for work under way, until `deadline` (epoch ms) */
  drain?(deadline: number): Promise<void>;
  stop(): Promise<void> | void;
}

/** Handles parts share, filled as they start. */
export interface SharedHandles {
  /** the delivery loop (delivery part, started first) */
  delivery?: Delivery;
  /** Slack's state as delivery and the connection see it (shown by `teach status` / `teach doctor`) */
  slackHealth?: SlackHealth;
  monitor?: Monitor;
  /** set by the monitor part: a failed scheduled backup becomes an alert, a good one resolves it */
  onBackupResult?: (r: BackupResult) => void;
  /** receives every monitor round: the state watcher's, joined by the metrics part's (before the monitor starts) for /metrics */
  monitorSink?: SampleSink;
  /** set by the metrics part: the listener of metrics.listen, where other endpoints (POST /alertmanager) can route */
  httpListener?: HttpListener;
  /** the bot's user name as Slack knows it (auth.test when the Slack part connects), for hints like `/invite @name` */
  botName?: string;
}

/** What tests put in place of the host; production leaves them unset. */
export interface DaemonPorts {
  metrics?: MetricsSource;
  health?: (h: HealthCheck) => Promise<HealthResult>;
  /** null: no host snapshot on a fired alert */
  snapshot?: SnapshotTaker | null;
  /** null: no log line named as an alert's cause */
  lastError?: LastErrorReader | null;
  incidentTuning?: Partial<IncidentTuning>;
  /** delivery loop: how often to look for rows other processes added */
  deliveryPollMs?: number;
}

export interface DaemonContext {
  io?: DaemonIO;
  shared: SharedHandles;
  env: NodeJS.ProcessEnv;
  config: Config;
  ops: OpsContext;
  log: (line: string) => void;
  /** timers and fire-and-forget work, guarded: one error never kills the daemon */
  background: Background;
  /** lifecycle operations under way in this process (Slack, runbook steps, automatic restarts): shutdown waits */
  operations: Inflight;
  ports: DaemonPorts;
}

/** Parts added by later features (Slack, monitor): each starts after the services and is stopped first. */
export type PartFactory = (ctx: DaemonContext) => Promise<DaemonPart | undefined>;

export async function runDaemon(io: DaemonIO, factories: PartFactory[] = []): Promise<number> {
  const clock = io.clock ?? systemClock;
  const env = readDaemonEnv(io.cwd, io.env);
  const config = loadConfig({ ...(io.configPath ? { file: io.configPath } : {}), env, cwd: io.cwd });
  const tr = translator(config.locale);
  const p = paint(io.isTTY && !env.NO_COLOR);
  const stamp = () => new Date(clock.now()).toISOString().slice(11, 19);
  const log = (line: string) => io.out(`${p.dim(stamp())} ${line}`);

  // The daemon holds what its store refuses (a full disk, a locked or read-only database) and writes it back later.
  const store = openStore(config.logs_dir, config.locale, { hold: true });
  const parts: DaemonPart[] = [];
  try {
    const claim = await claimDaemon(store, config.logs_dir, config.locale);
    parts.push({ name: 'claim', stop: () => claim.release() });
    const supervisor = createSupervisor({ config, store, clock, log: (l) => log(p.dim(l)) });
    const ops: OpsContext = { config, store, supervisor, clock };
    log(tr('daemon.starting', { name: config.name, pid: process.pid, config: config.file }));

    for (const r of supervisor.runtime()) {
      if (r.state === 'running') log(tr('daemon.adopted', { service: r.name, pid: r.pid ?? '?' }));
    }
    // Ctrl-C during start-up: the start in progress finishes (it is health-gated and leaves no half-started
    // service), nothing further is started, and the daemon shuts down as usual.
    let stopRequested: string | undefined;
    let ready = false;
    void io.stopSignal.then((s) => {
      stopRequested = s;
      if (!ready) log(tr('daemon.stop_during_startup', { signal: s }));
    });
    const autostart = config.serviceNames.filter((n) => config.services[n]!.autostart);
    for (const name of autostart) {
      if (stopRequested) break;
      // Desired state beats autostart: what an operator stopped stays stopped across a restart of teach run.
      const desired = store.desired.detail(name);
      if (desired?.state === 'stopped') {
        log(tr('lifecycle.stays_stopped', { service: name, by: desired.updated_by, at: new Date(desired.updated_at).toISOString() }));
        continue;
      }
      const results = await runLifecycle(ops, TEACHOPS_ACTOR, { action: 'start', target: name, onEvent: (e) => log(p.dim(eventLine(e, tr))) });
      for (const r of results) for (const l of resultLines(r, tr, p)) log(l);
    }

    const background = createBackground((l) => log(tr('daemon.background_error', { error: l })), { clock });
    const watcher = createStateWatcher({ ops, clock, log, tr, background });
    parts.push(watcher);
    const ctx = daemonContext({ io, env, ops, log, background });
    ctx.shared.monitorSink = watcher.sink;
    await startParts(ctx, factories, parts, () => stopRequested !== undefined);
    ready = true;
    if (!stopRequested) log(tr('daemon.ready'));

    // The daemon lives until it is told to stop, whatever its parts' timers do (they are unref'd so tests and
    // shutdown never hang on them).
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const signal = await io.stopSignal.finally(() => clearInterval(keepAlive));
    log(tr('daemon.stopping', { signal }));
    await shutdownParts(parts, log);
    io.out(tr('daemon.services_keep_running'));
    return 0;
  } finally {
    await shutdownParts(parts, log);
    store.close();
  }
}
