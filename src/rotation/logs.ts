/**
 * Which files rotate (every service log, monitor.log and teachops.log), and a one-shot pass over them for callers
 * without the daemon's scheduler (tests). Only `teach run` rotates, so two rotations of one file never race.
 */
import type { Config } from '../config/types.js';
import { errorMessage } from '../errors.js';
import { paths } from '../util/paths.js';
import { rotateIfNeeded, type RotateResult } from './rotate.js';

export function rotatedLogFiles(config: Config): string[] {
  return [
    ...config.serviceNames.map((s) => paths.serviceLog(config.logs_dir, s)),
    paths.monitorLog(config.logs_dir),
    paths.daemonLog(config.logs_dir),
  ];
}

export interface RotationFailure {
  file: string;
  error: Error;
}

/** Rotates each file that grew past `log_rotation.max_size`, compressing as it goes; one failing file does not stop the others. */
export async function rotateLogs(config: Config): Promise<{ results: RotateResult[]; failures: RotationFailure[] }> {
  const opts = { maxSize: config.log_rotation.max_size, keep: config.log_rotation.keep };
  const results: RotateResult[] = [];
  const failures: RotationFailure[] = [];
  for (const file of rotatedLogFiles(config)) {
    try {
      const r = await rotateIfNeeded(file, opts);
      results.push(r);
      for (const error of r.problems ?? []) failures.push({ file, error });
    } catch (e) {
      failures.push({ file, error: e instanceof Error ? e : new Error(errorMessage(e)) });
    }
  }
  return { results, failures };
}

export interface LogRotatorDeps {
  onRotated?: (r: RotateResult) => void;
  onError?: (f: RotationFailure) => void;
}

/** One pass per call; a call while the previous one is still running returns at once. Never rejects. */
export function createLogRotator(config: Config, deps: LogRotatorDeps = {}): () => Promise<RotateResult[]> {
  let busy = false;
  return async () => {
    if (busy) return [];
    busy = true;
    try {
      const { results, failures } = await rotateLogs(config);
      for (const r of results) if (r.rotated) deps.onRotated?.(r);
      for (const f of failures) deps.onError?.(f);
      return results.filter((r) => r.rotated);
    } finally {
      busy = false;
    }
  };
}
