/**
 * Files `teach run` could not write under logs_dir because its file system is full (or read-only, or failing):
 * a pid file of a service it just restarted, and its own timestamped lines in service logs. The restart must not
 * fail for want of 400 bytes: the pid record is kept in memory, read back from there by this process (the service
 * is adopted from memory: status, stop and crash recovery find it), and written as soon as there is room. Other
 * processes (`teach status` from a shell) see the pid file only once it is written.
 * Lines are kept in order, at most MAX_LINES (the rest counted), and appended later with their original times.
 * Process-wide on purpose: a pid file is one fact per service per host, whoever asks.
 */
import { rmSync } from 'node:fs';
import type { PidRecord } from './types.js';

/** Errors that say "the disk, not the request": worth holding and trying again. */
const NO_ROOM = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO']);

export function isNoRoom(e: unknown): boolean {
  return NO_ROOM.has((e as NodeJS.ErrnoException)?.code ?? '');
}

const MAX_LINES = 500;

const pidFiles = new Map<string, { logsDir: string; record: PidRecord; error: string }>();
const lines: { file: string; text: string }[] = [];
let linesDropped = 0;

export const heldFiles = {
  pid(path: string): PidRecord | undefined {
    return pidFiles.get(path)?.record;
  },
  holdPid(path: string, logsDir: string, record: PidRecord, error: string): void {
    pidFiles.set(path, { logsDir, record, error });
  },
  forgetPid(path: string): void {
    pidFiles.delete(path);
  },
  holdLine(file: string, text: string): void {
    if (lines.length >= MAX_LINES) linesDropped++;
    else lines.push({ file, text });
  },
  hasLines(file: string): boolean {
    return lines.some((l) => l.file === file);
  },
  /** what is held, for messages */
  count(): number {
    return pidFiles.size + lines.length;
  },
  /**
   * Writes what is held (pid files through `writePid`, lines through `appendLine`), oldest first; stops at the first
   * file that still cannot be written. Returns the paths written and the lines that were dropped over the bound.
   */
  flush(writePid: (logsDir: string, r: PidRecord) => void, appendLine: (file: string, text: string) => void): { written: string[]; linesDropped: number } {
    const written: string[] = [];
    for (const [path, held] of [...pidFiles]) {
      try {
        writePid(held.logsDir, held.record);
      } catch {
        return { written, linesDropped: 0 };
      }
      pidFiles.delete(path);
      written.push(path);
    }
    while (lines.length > 0) {
      const l = lines[0]!;
      try {
        appendLine(l.file, l.text);
      } catch {
        return { written, linesDropped: 0 };
      }
      lines.shift();
    }
    const dropped = linesDropped;
    linesDropped = 0;
    return { written, linesDropped: dropped };
  },
  /** tests: forget everything */
  reset(): void {
    pidFiles.clear();
    lines.length = 0;
    linesDropped = 0;
  },
};

/** Removes a pid file and whatever was held for it. */
export function removeHeldAndFile(path: string): void {
  pidFiles.delete(path);
  rmSync(path, { force: true });
}
