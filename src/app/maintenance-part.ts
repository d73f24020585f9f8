/**
 * Housekeeping inside `teach run`: the scheduled backup (node-cron, `backup.schedule`) and size-based log rotation
 * (checked every minute). A failed backup is reported through `onBackupFailed` (the monitor turns it into an alert);
 * a successful one is a line in logs/monitor.log (written by the backup module).
 */
import type { DaemonContext, DaemonPart, PartFactory } from './run.js';
import { translator } from '../i18n/index.js';

const ROTATE_EVERY_MS = 60_000;

export const maintenancePart: PartFactory = async (ctx: DaemonContext): Promise<DaemonPart> => {
  const tr = translator(ctx.config.locale);
  const [{ scheduleBackups }, { createLogRotator }] = await Promise.all([import('../backup/schedule.js'), import('../rotation/index.js')]);
  const schedule = scheduleBackups(ctx.config, {
    clock: ctx.ops.clock,
    log: ctx.log,
    onResult: (r) => {
      ctx.log(r.ok ? tr('daemon.backup_ok', { archive: r.archive }) : tr('daemon.backup_failed', { message: r.error.message }));
      ctx.shared.onBackupResult?.(r);
    },
  });
  const rotate = createLogRotator(ctx.config, {
    onRotated: (r) => ctx.log(tr('daemon.log_rotated', { file: r.file })),
    onError: (f) => ctx.log(tr('daemon.log_rotation_failed', { file: f.file, message: f.error.message })),
  });
  const stopRotation = ctx.background.every('log rotation', ROTATE_EVERY_MS, rotate);
  ctx.background.run('log rotation', rotate);
  return {
    name: 'maintenance',
    quiesce: async () => {
      stopRotation();
      await schedule.stop();
    },
    stop: () => undefined,
  };
};
