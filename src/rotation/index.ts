/** Log rotation: the public surface. */
export { rotateFile, rotateIfNeeded, rotatedName, type RotateOptions, type RotateResult } from './rotate.js';
export { rotateLogs, rotatedLogFiles, createLogRotator, type LogRotatorDeps, type RotationFailure } from './logs.js';
export { copyThenTruncate, type CopyTruncateResult } from './copy-truncate.js';
export { compressGeneration, pendingGenerations, type CompressOptions, type CompressOutcome } from './compress.js';
export { createRotationScheduler, MAX_INTERVAL_MS, TICK_MS, type RotationScheduler, type SchedulerOptions } from './scheduler.js';
export { FLOODING_MS } from './compress-worker.js';
