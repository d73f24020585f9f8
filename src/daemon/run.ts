/**
 * `teach run` (what `npm start` runs): adopt or start the autostart services, then stay in the foreground showing
 * their state as it changes until SIGINT/SIGTERM. Services keep running when it exits.
 * The daemon is a set of parts (state watcher, monitor, Slack ...) started in order and stopped in reverse.
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
import type { WebClient } from '@slack/web-api';
import type { BackupResult } from '../backup/index.js';

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

/** A long-running piece of the daemon. */
export interface DaemonPart {
  name: string;
  stop(): Promise<void> | void;
}

/** Handles parts share: the Slack part fills `client` once connected; the notifier delivers through it. */
export interface SharedHandles {
  slackClient?: WebClient;
  /** set by the monitor part: a failed scheduled backup becomes an alert, a good one resolves it */
  onBackupResult?: (r: BackupResult) => void;
}

export interface DaemonContext {
  io: DaemonIO;
  shared: SharedHandles;
  env: NodeJS.ProcessEnv;
  config: Config;
  ops: OpsContext;
  log: (line: string) => void;
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

  const store = openStore(config.logs_dir);
  const parts: DaemonPart[] = [];
  try {
    const claim = claimDaemon(store, config.logs_dir, config.locale);
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

    parts.push(createStateWatcher({ ops, clock, log, tr }));
    const ctx: DaemonContext = { io, shared: {}, env, config, ops, log };
    for (const f of factories) {
      if (stopRequested) break;
      const part = await f(ctx);
      if (part) parts.push(part);
    }
    ready = true;
    if (!stopRequested) log(tr('daemon.ready'));

    // The daemon lives until it is told to stop, whatever its parts' timers do (they are unref'd so tests and
    // shutdown never hang on them).
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const signal = await io.stopSignal.finally(() => clearInterval(keepAlive));
    log(tr('daemon.stopping', { signal }));
    await stopParts(parts, log);
    io.out(tr('daemon.services_keep_running'));
    return 0;
  } finally {
    await stopParts(parts, log);
    store.close();
  }
}

async function stopParts(parts: DaemonPart[], log: (l: string) => void): Promise<void> {
  while (parts.length) {
    const part = parts.pop()!;
    try {
      await part.stop();
    } catch (e) {
      log(`${part.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
