/**
 * Housekeeping inside `teach run`: the scheduled backup (node-cron, `backup.schedule`) and size-based log rotation
 * (src/rotation/scheduler.ts: every log checked at least once a second, copies asynchronous, compression in the
 * background). A failed backup is reported through `onBackupFailed` (the monitor turns it into an alert); a
 * successful one is a line in logs/monitor.log (written by the backup module).
 * TEACHOPS_DEBUG_STALLS=<file> also writes the event loop's longest stall there (src/util/stall-report.ts).
 */
import type { DaemonContext, DaemonPart, PartFactory } from './run.js';
import { translator } from '../i18n/index.js';
import { startStallReport } from '../util/stall-report.js';

export const maintenancePart: PartFactory = async (ctx: DaemonContext): Promise<DaemonPart> => {
  const tr = translator(ctx.config.locale);
  const [{ scheduleBackups }, { createRotationScheduler, rotatedLogFiles }] = await Promise.all([import('../backup/schedule.js'), import('../rotation/index.js')]);
  const schedule = scheduleBackups(ctx.config, {
    clock: ctx.ops.clock,
    log: ctx.log,
    onResult: (r) => {
      ctx.log(r.ok ? tr('daemon.backup_ok', { archive: r.archive }) : tr('daemon.backup_failed', { message: r.error.message }));
      ctx.shared.onBackupResult?.(r);
    },
  });
  const stopStalls = ctx.env.TEACHOPS_DEBUG_STALLS ? startStallReport(ctx.env.TEACHOPS_DEBUG_STALLS) : undefined;
  const rotation = createRotationScheduler({
    files: () => rotatedLogFiles(ctx.config),
    maxSize: ctx.config.log_rotation.max_size,
    keep: ctx.config.log_rotation.keep,
    log: ctx.log,
    locale: ctx.config.locale,
  });
  rotation.start(ctx.background);
  return {
    name: 'maintenance',
    // Rotation and backups stop taking new work first; a rotation under way finishes its copy.
    quiesce: async () => {
      await rotation.stop();
      await schedule.stop();
      stopStalls?.();
    },
    stop: () => undefined,
  };
};
