/**
 * The daily backup inside `teach run`: `backup.schedule` (cron) through node-cron. A success is a line in
 * `logs/monitor.log`; the result goes to `onResult` either way, and the caller turns a failure into an alert.
 */
import cron from 'node-cron';
import type { Config } from '../config/types.js';
import { errorMessage } from '../errors.js';
import { formatBytes, formatDuration } from '../config/units.js';
import { t } from '../i18n/index.js';
import type { BackupResult, BackupOptions } from './create.js';
import { appendMonitorLog } from './monitor-log.js';

export interface BackupSchedule {
  stop(): Promise<void>;
  /** run one now, outside the schedule (still never two at once) */
  runNow(): Promise<BackupResult>;
}

export interface ScheduleDeps extends BackupOptions {
  onResult: (result: BackupResult) => void;
  /** teachops' own log, for a monitor.log write that fails */
  log?: (line: string) => void;
}

export function scheduleBackups(config: Config, deps: ScheduleDeps): BackupSchedule {
  let running: Promise<BackupResult> | undefined;
  const runNow = () => (running ??= runAndLog(config, deps).finally(() => (running = undefined)));
  // noOverlap: a backup slower than the interval (a huge logs folder) is not started twice.
  const task = cron.schedule(config.backup.schedule, () => runNow().then(() => undefined), { noOverlap: true, name: 'teachops-backup' });
  return { stop: async () => void (await task.stop()), runNow };
}

/** One backup with its monitor.log line; what `teach backup` and the schedule both run. */
export async function runAndLog(config: Config, deps: Omit<ScheduleDeps, 'onResult'> & { onResult?: ScheduleDeps['onResult'] }): Promise<BackupResult> {
  // tar and the archive code load when a backup runs, not for the daemon's whole life.
  const { createBackup } = await import('./create.js');
  const result = await createBackup(config, deps);
  try {
    await appendMonitorLog(config.logs_dir, monitorLine(config, result));
  } catch (e) {
    deps.log?.(`cannot write monitor.log: ${errorMessage(e)}`);
  }
  deps.onResult?.(result);
  return result;
}

export function monitorLine(config: Config, r: BackupResult): string {
  if (!r.ok) return t(config.locale, 'backup.monitor_failed', { reason: r.error.message });
  return t(config.locale, 'backup.monitor_ok', {
    archive: r.archive,
    size: formatBytes(r.bytes),
    files: r.files,
    duration: formatDuration(r.ms),
  });
}
