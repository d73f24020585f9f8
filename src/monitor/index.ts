/**
 * `createMonitor(deps)`: samples every `monitor.interval` (liveness and identity of each service, its health
 * check, process CPU / memory, system CPU / memory, disk per watched mount), keeps the last hour of samples, drives
 * the alert rules and the restart policy, and re-notifies. Exits of processes this teachops spawned arrive through
 * the supervisor's exit event and are judged at once; adopted processes within one interval.
 * Timers run on the injected Clock rather than node-cron: cron cannot follow a test's ManualClock, and an interval
 * like "5s" is not a cron expression anyway.
 */
import { systemClock } from '../clock.js';
import { errorMessage } from '../errors.js';
import { translator } from '../i18n/index.js';
import type { OpsContext } from '../ops/types.js';
import { checkHealth, type HealthCheck, type HealthResult } from '../probes/health.js';
import { createRealMetrics, type MetricsSource } from '../probes/metrics.js';
import { AlertBook } from './book.js';
import { Restarter } from './restarter.js';
import { ServiceRules } from './services.js';
import { realSnapshot, type SnapshotTaker } from './snapshot.js';
import { ThresholdRules } from './thresholds.js';
import { sampleTick } from './tick.js';
import { recoverInterrupted } from './interrupted.js';

export interface MonitorDeps {
  ops: OpsContext;
  /** CPU / memory / disk readings; default: /proc and statfs for config.monitor.disks */
  metrics?: MetricsSource;
  health?: (h: HealthCheck) => Promise<HealthResult>;
  /** host context for a fired alert's thread; default: probes/hostSnapshot */
  snapshot?: SnapshotTaker | null;
  log?: (line: string) => void;
  /** something was added to the outbox (the daemon kicks delivery) */
  onChange?: () => void;
}

export interface Monitor {
  readonly book: AlertBook;
  /** subscribes to exit events and samples now and every interval */
  start(): void;
  /** one sampling round (also what the timer runs); concurrent calls share the round in progress */
  tick(): Promise<void>;
  /** resolves when no round, restart or snapshot is in progress */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createMonitor(deps: MonitorDeps): Monitor {
  const { ops } = deps;
  const { config, store, supervisor } = ops;
  const clock = ops.clock ?? systemClock;
  const log = deps.log ?? (() => undefined);
  const tr = translator(config.locale);
  const metrics = deps.metrics ?? createRealMetrics({ mounts: config.monitor.disks });
  const snapshot = deps.snapshot === undefined ? realSnapshot(config, () => clock.now()) : deps.snapshot;
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const book: AlertBook = new AlertBook({
    store,
    clock,
    config,
    ...(deps.onChange ? { onChange: deps.onChange } : {}),
    onFired: (alert) => {
      if (!snapshot) return;
      track(snapshot(alert).then((s) => (store.db.open ? book.attach(alert.id, 'snapshot', { ...s }) : undefined), (e: unknown) => log(errorMessage(e))));
    },
  });
  let rules: ServiceRules;
  const restarter = new Restarter({ ops, book, clock, tr, log, notNeeded: (svc) => rules.operating(svc) || supervisor.runtime(svc)[0]?.state === 'running' });
  rules = new ServiceRules({ config, store, book, restarter, tr, operating: (s) => supervisor.operating(s) });
  const thresholds = new ThresholdRules(config, book);

  let round: Promise<void> | undefined;
  let timer: ReturnType<typeof clock.setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopped = false;

  const tick = (): Promise<void> => {
    round ??= sampleTick({
      ops,
      metrics,
      health: deps.health ?? checkHealth,
      rules,
      thresholds,
      book,
      operating: (s) => rules.operating(s),
      recover: () => recoverInterrupted(ops, tr, log),
    })
      .catch((e: unknown) => log(`monitor: ${errorMessage(e)}`))
      .finally(() => (round = undefined));
    return round;
  };

  const schedule = () => {
    if (stopped) return;
    // Not unref'd: the sampling timer is what keeps `teach run` alive when nothing else (a Slack socket) does.
    timer = clock.setTimeout(() => void tick().finally(schedule), config.monitor.interval);
  };

  return {
    book,
    start() {
      unsubscribe = supervisor.onExit((e) => {
        if (e.expected || stopped) return;
        try {
          rules.exited(e.service, { code: e.code, signal: e.signal });
        } catch (err) {
          log(`monitor: ${errorMessage(err)}`);
        }
      });
      void tick().finally(schedule);
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
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (timer) clock.clearTimeout(timer);
      restarter.stop();
      await Promise.allSettled([...pending, ...(round ? [round] : [])]);
    },
  };
}

export { AlertBook } from './book.js';
export type { AckResult, SilenceResult, RaiseSpec } from './book.js';
export { alertKey } from './keys.js';
export type { SnapshotSummary, SnapshotTaker } from './snapshot.js';
