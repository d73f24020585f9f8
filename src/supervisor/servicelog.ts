/**
 * teachops' own lines in a service's log (`[teachops <ISO time>] starting llm ...`), so the log alone tells who
 * started and stopped the service and when; and the tail of the log for a failed start, redacted.
 */
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { redactLines } from '../util/redact.js';

export function appendTeachopsLine(logFile: string, text: string, now: number): void {
  try {
    // No mkdir here: a late exit event must not recreate a logs dir that was deliberately removed.
    appendFileSync(logFile, `[teachops ${new Date(now).toISOString()}] ${text}\n`);
  } catch {
    // A log line is a courtesy: a full disk must not turn a stop into a failure.
  }
}

const TAIL_BYTES = 64 * 1024;

/** The last `n` lines of a file (reads at most the last 64 KB), redacted with the given secret values. */
export function logTail(file: string, n: number, secrets: readonly string[]): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n');
    if (size > len) lines.shift(); // the first line is probably cut
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return redactLines(lines.slice(-n), secrets);
  } finally {
    closeSync(fd);
  }
}
