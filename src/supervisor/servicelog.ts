/**
 * A service's log file as the supervisor touches it: teachops' own lines in it (`[teachops <ISO time>] starting llm
 * ...`), so the log alone tells who started and stopped the service and when; the tail of the log for a failed start,
 * redacted; and the check that the log is a file teachops may write at all. The log lives under logs_dir, which the
 * services themselves can write: a symlink planted there (`logs/frontend.log -> /etc/shadow`) is never followed.
 */
import { readlinkSync } from 'node:fs';
import type { Locale } from '../config/types.js';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import { tailPlainSync } from '../probes/tail.js';
import { redactLines } from '../util/redact.js';
import { appendNoFollow, lstatOrUndefined, MODES } from '../util/safe-fs.js';
import { heldFiles, isNoRoom } from './held-files.js';

/**
 * The start refuses instead of moving the link aside: a link there is either an operator's deliberate layout (which a
 * silent move would break) or someone else's plant (which should be looked at, not tidied away). Either way the
 * operator decides; the message names the link, its target and the fix. The target is never opened.
 */
export class UnsafeServiceLogError extends TeachopsError {
  readonly code = 'unsafe_service_log';
  constructor(
    readonly service: string,
    readonly path: string,
    readonly reason: 'symlink' | 'not_regular',
    target: string,
    locale: Locale = 'en',
  ) {
    super(t(locale, `files.service_log_${reason}`, { service, path, target }), { hint: t(locale, `files.service_log_${reason}_hint`, { path }) });
  }
}

/** Why `logFile` must not be used as the service's log, or undefined when it is a regular file or missing. */
export function serviceLogProblem(service: string, logFile: string, locale: Locale): UnsafeServiceLogError | undefined {
  const st = lstatOrUndefined(logFile);
  if (!st || st.isFile()) return undefined;
  if (st.isSymbolicLink()) return new UnsafeServiceLogError(service, logFile, 'symlink', readlinkOr(logFile), locale);
  return new UnsafeServiceLogError(service, logFile, 'not_regular', '', locale);
}

function readlinkOr(path: string): string {
  try {
    return readlinkSync(path); // the link's own text; the target is not touched
  } catch {
    return '?';
  }
}

/**
 * With `hold` (the daemon), a line the full disk refuses is kept and appended later (held-files.ts), with its own
 * time in it; otherwise it is lost.
 */
export function appendTeachopsLine(logFile: string, text: string, now: number, hold = false): void {
  const line = `[teachops ${new Date(now).toISOString()}] ${text}\n`;
  // Behind lines still held for this log, so the log keeps their order.
  if (hold && heldFiles.hasLines(logFile)) return heldFiles.holdLine(logFile, line);
  try {
    // No mkdir here: a late exit event must not recreate a logs dir that was deliberately removed.
    appendNoFollow(logFile, line, MODES.log);
  } catch (e) {
    // A log line is a courtesy: a full disk (or a symlink, which the start refuses) must not turn a stop into a failure.
    if (hold && isNoRoom(e)) heldFiles.holdLine(logFile, line);
  }
}

/** The last `n` lines of a log (bounded read, never through a symlink), redacted with the given secret values. */
export function logTail(file: string, n: number, secrets: readonly string[]): string[] {
  try {
    return redactLines(tailPlainSync(file, n), secrets);
  } catch {
    return [];
  }
}
