/** Log rotation: the public surface. */
export { rotateIfNeeded, rotatedName, type RotateOptions, type RotateResult } from './rotate.js';
export { rotateLogs, rotatedLogFiles, createLogRotator, type LogRotatorDeps, type RotationFailure } from './logs.js';
export { copyThenTruncate, type CopyTruncateResult } from './copy-truncate.js';
