/**
 * `createMonitor(deps)`: samples every `monitor.interval` (liveness and identity of each service, its health
 * check, process CPU / memory, system CPU / memory, disk per watched mount), keeps the last hour of samples, drives
 * the alert rules and the restart policy, and re-notifies. Exits of processes this teachops spawned arrive through
 * the supervisor's exit event and are judged at once; adopted processes within one interval.
 * Timers run on the injected Clock (through the background guard) rather than node-cron: cron cannot follow a
 * test's ManualClock, and an interval like "5s" is not a cron expression anyway.
 * The monitor reaches out only through ports (context.ts): notifications, restarts, the host snapshot.
 */
import { errorMessage } from '../errors.js';
import { translator } from '../i18n/index.js';
import { checkHealth, type HealthCheck, type HealthResult } from '../probes/health.js';
import { createRealMetrics, type MetricsSource } from '../probes/metrics.js';
import { createBackground, type Background } from '../util/background.js';
import { AlertBook } from './book.js';
import type { AlertNotifications, LifecyclePort, MonitorContext } from './context.js';
import { Restarter } from './restarter.js';
import { ServiceRules } from './services.js';
import type { SampleSink } from './sample.js';
import type { LastErrorReader, SnapshotTaker } from './snapshot.js';
import { ThresholdRules } from './thresholds.js';
import { StorageRules } from './storage.js';
import { spaceOf, type FolderSpace } from '../util/disk-space.js';
import { sampleTick } from './tick.js';

export interface MonitorDeps {
  ctx: MonitorContext;
  notifications: AlertNotifications;
  lifecycle: LifecyclePort;
  /** CPU / memory / disk readings; default: /proc and statfs for config.monitor.disks */
  metrics?: MetricsSource;
  health?: (h: HealthCheck) => Promise<HealthResult>;
  /** host context for a fired alert's thread; none when omitted */
  snapshot?: SnapshotTaker | null;
  /** the last error line of a service's log (redacted), named as the alert's cause; none when omitted */
  lastError?: LastErrorReader | null;
  background?: Background;
  log?: (line: string) => void;
  /** receives every round's readings (the /metrics exporter); the monitor does not know what it serves */
  sink?: SampleSink;
  /** runs first in every round: brings back what a killed operation (a SIGKILLed restore) left stopped */
  recover?: () => Promise<void>;
  /** free space of the logs folder's file system; default: statfs */
  space?: (dir: string) => FolderSpace | undefined;
}

export interface Monitor {
  readonly book: AlertBook;
  /** subscribes to exit events and samples now and every interval (once: a second call does nothing) */
  start(): void;
  /** one sampling round (also what the timer runs); concurrent calls share the round in progress */
  tick(): Promise<void>;
  /** resolves when no round, restart or snapshot is in progress */
  idle(): Promise<void>;
  /** no more rounds and no more automatic restarts scheduled; a restart under way goes on (see `idle`) */
  quiesce(): void;
  stop(): Promise<void>;
}

export function createMonitor(deps: MonitorDeps): Monitor {
  const { ctx } = deps;
  const { config, store, supervisor, clock } = ctx;
  const log = deps.log ?? (() => undefined);
  const background = deps.background ?? createBackground(log, { clock });
  const tr = translator(config.locale);
  const metrics = deps.metrics ?? createRealMetrics({ mounts: config.monitor.disks });
  const snapshot = deps.snapshot ?? null;
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const book: AlertBook = new AlertBook({
    store,
    clock,
    config,
    notifications: deps.notifications,
    onFired: (alert) => {
      if (!snapshot) return;
      track(snapshot(alert).then((s) => (store.db.open ? book.attachSnapshot(alert.id, s) : undefined), (e: unknown) => log(errorMessage(e))));
    },
  });
  const lastError = deps.lastError ?? null;
  const learnCause = (service: string, alertId: number): void => {
    if (!lastError) return;
    track(
      lastError(service).then(
        (line) => (line !== undefined && store.db.open ? book.addCause(alertId, { log: line }) : undefined),
        (e: unknown) => log(`monitor: reading the log of ${service}: ${errorMessage(e)}`),
      ),
    );
  };
  let rules: ServiceRules;
  const restarter = new Restarter({
    ops: ctx,
    lifecycle: deps.lifecycle,
    background,
    book,
    clock,
    tr,
    log,
    notNeeded: (svc) => rules.operating(svc) || supervisor.runtime(svc)[0]?.state === 'running',
    learnCause,
  });
  rules = new ServiceRules({ config, store, book, restarter, tr, operating: (s) => supervisor.operating(s), learnCause });
  const thresholds = new ThresholdRules(config, book);
  const storage = new StorageRules({ config, store, book, tr, space: deps.space ?? spaceOf });

  let round: Promise<void> | undefined;
  let cancel: (() => void) | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopped = false;
  let started = false;

  const tick = (): Promise<void> => {
    round ??= sampleTick({
      ops: ctx,
      metrics,
      health: deps.health ?? ((h) => checkHealth(h, undefined, ctx.config.locale)),
      rules,
      thresholds,
      storage,
      book,
      operating: (s) => rules.operating(s),
      ...(deps.sink ? { sink: deps.sink } : {}),
      ...(deps.recover ? { recover: deps.recover } : {}),
    })
      .catch((e: unknown) => log(`monitor: ${errorMessage(e)}`))
      .finally(() => (round = undefined));
    return round;
  };

  const schedule = () => {
    if (stopped) return;
    cancel = background.after('monitor tick', config.monitor.interval, () => tick().finally(schedule));
  };

  const quiesce = () => {
    stopped = true;
    unsubscribe?.();
    cancel?.();
    restarter.stop();
  };

  return {
    book,
    start() {
      if (started) return;
      started = true;
      unsubscribe = supervisor.onExit((e) => {
        if (e.expected || stopped) return;
        try {
          rules.exited(e.service, { code: e.code, signal: e.signal });
        } catch (err) {
          log(`monitor: ${errorMessage(err)}`);
        }
      });
      background.run('monitor tick', () => tick().finally(schedule));
    },
    tick,
    async idle() {
      for (;;) {
        await restarter.idle();
        const work = [...pending, ...(round ? [round] : [])];
        if (work.length === 0) return;
        await Promise.allSettled(work);
      }
    },
    quiesce,
    async stop() {
      quiesce();
      await restarter.idle();
      await Promise.allSettled([...pending, ...(round ? [round] : [])]);
    },
  };
}

export { AlertBook } from './book.js';
export type { AckResult, SilenceResult, RaiseSpec } from './book.js';
export { alertKey } from './keys.js';
export type { LastErrorReader, SnapshotSummary, SnapshotTaker } from './snapshot.js';
export type { MonitorSample, SampleSink, ServiceSample } from './sample.js';
export type { LifecyclePort, MonitorContext, RestartOutcome, AlertNotifications } from './context.js';
