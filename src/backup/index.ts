/** Backups and restore: the public surface other modules import. */
export { createBackup, type BackupResult, type BackupOptions } from './create.js';
export { listBackups, pruneBackups, archiveName, type ArchiveInfo } from './archives.js';
export { restore, RestoreHealthError, type RestoreDeps, type RestoreSupervisor } from './restore.js';
export type { RestoreReport, RestoreStep, RestoreStepName, StepStatus, FileSummary } from './restore-steps.js';
export { restoreSteps } from './restore-steps.js';
export { extractAndVerify, type VerifiedArchive } from './verify.js';
export { scheduleBackups, runAndLog, monitorLine, type BackupSchedule, type ScheduleDeps } from './schedule.js';
export { appendMonitorLog } from './monitor-log.js';
export { BackupFailedError, ArchiveCorruptError, ArchiveNotFoundError } from './errors.js';
export type { Manifest, ManifestEntry } from './manifest.js';
