/**
 * The monitor's part of `teach run`: the monitor with its ports wired to the rest of teachops: notifications to the
 * one outbox (the delivery part delivers them), automatic restarts through the audited operation (tracked, so
 * shutdown waits for one under way), the host snapshot from /proc and the service's log. Tests inject metrics,
 * health checks and snapshots through `ctx.ports`, and get this same wiring.
 */
import { createMonitor } from '../monitor/index.js';
import { notificationsOf } from '../ops/types.js';
import { policyRestarts } from './lifecycle-port.js';
import { realSnapshot } from './monitor-snapshot.js';
import { recoverInterrupted } from './interrupted.js';
import { translator } from '../i18n/index.js';
import { realLastError } from './monitor-cause.js';
import type { PartFactory } from './run.js';

export const monitorPart: PartFactory = async (ctx) => {
  const { config, ops, log } = ctx;
  const monitor = createMonitor({
    ctx: ops,
    notifications: notificationsOf(ops),
    lifecycle: policyRestarts(ops, ctx.operations),
    background: ctx.background,
    log,
    snapshot: ctx.ports.snapshot === undefined ? realSnapshot(config, () => ops.clock.now()) : ctx.ports.snapshot,
    lastError: ctx.ports.lastError === undefined ? realLastError(config) : ctx.ports.lastError,
    ...(ctx.ports.metrics ? { metrics: ctx.ports.metrics } : {}),
    ...(ctx.ports.health ? { health: ctx.ports.health } : {}),
    ...(ctx.shared.monitorSink ? { sink: ctx.shared.monitorSink } : {}),
    // A restore killed with SIGKILL left services stopped on purpose: bring back what was running (src/app/interrupted.ts).
    recover: () => recoverInterrupted(ops, translator(config.locale), log),
  });
  ctx.shared.monitor = monitor;
  // A failed scheduled backup is an alert (raised once while it keeps failing); the next good backup resolves it.
  ctx.shared.onBackupResult = (r) => {
    if (r.ok) monitor.book.resolve('backup', 'backup_ok');
    else monitor.book.raise({ kind: 'backup', value: null, threshold: null, detail: r.error.message });
  };
  monitor.start();
  return {
    name: 'monitor',
    quiesce: () => monitor.quiesce(),
    // An automatic restart under way finishes and records its result (shutdown's deadline bounds the wait).
    drain: (deadline) => Promise.race([monitor.idle(), new Promise<void>((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref())]),
    stop: () => monitor.quiesce(),
  };
};
