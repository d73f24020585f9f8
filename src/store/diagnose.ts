/**
 * Why the state database refuses writes, in words a person can act on: "no space left on /srv/logs (0 B free)",
 * "locked by pid 4242 (sqlite3 teachops.db)", "read-only (EPERM: the file is immutable)". Read from the host, not
 * guessed from SQLite's code alone: SQLite says SQLITE_IOERR_WRITE for an immutable WAL and SQLITE_BUSY for any
 * lock, and neither names the file system or the process to look at.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Locale } from '../config/types.js';
import { formatBytes } from '../config/units.js';
import { t } from '../i18n/index.js';
import { readCmdline } from '../util/proc.js';
import { redact } from '../util/redact.js';
import { spaceOf } from '../util/disk-space.js';
import type { Db } from './db.js';
import { sqliteCode } from './unwritable.js';

export type StoreProblemCause = 'full' | 'locked' | 'readonly' | 'io';

export interface StoreProblem {
  cause: StoreProblemCause;
  file: string;
  /** what is wrong: "no space left on /srv/logs (0 B free)" */
  why: string;
  /** what to do about it */
  fix: string;
  /** SQLite's code when an error was seen (SQLITE_FULL ...) */
  code?: string;
  /** the process holding the write lock, when one is found */
  holderPid?: number;
}

/** Below this much free space a write of a few pages may fail: "full" for every purpose here. */
export const FULL_BELOW_BYTES = 64 * 1024;

export function diagnoseStore(file: string, error: unknown, locale: Locale = 'en'): StoreProblem {
  const code = error === undefined ? undefined : sqliteCode(error);
  const tr = (key: Parameters<typeof t>[1], p: Record<string, string | number> = {}) => t(locale, key, { file, ...p });
  const base = { file, ...(code ? { code } : {}) };
  const space = freeSpace(file);
  if (code?.startsWith('SQLITE_FULL') || (space && space.free < FULL_BELOW_BYTES)) {
    const p = { mount: space?.mount ?? dirname(file), free: formatBytes(space?.free ?? 0), dir: dirname(file) };
    return { ...base, cause: 'full', why: tr('store.why_full', p), fix: tr('store.fix_full', p) };
  }
  const denied = writeDenied(file);
  if (denied || code?.startsWith('SQLITE_READONLY')) {
    const reason = denied ?? 'EROFS';
    return { ...base, cause: 'readonly', why: tr('store.why_readonly', { reason: tr(`store.readonly_${reason}`) }), fix: tr('store.fix_readonly') };
  }
  if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
    const holder = lockHolder(file);
    if (holder) {
      const command = redact((readCmdline(holder) ?? ['?']).join(' ')).slice(0, 120);
      return { ...base, cause: 'locked', holderPid: holder, why: tr('store.why_locked_pid', { pid: holder, command }), fix: tr('store.fix_locked_pid', { pid: holder }) };
    }
    return { ...base, cause: 'locked', why: tr('store.why_locked'), fix: tr('store.fix_locked') };
  }
  const message = error instanceof Error ? error.message : String(code ?? 'unknown');
  return { ...base, cause: 'io', why: tr('store.why_io', { message: `${code ?? ''} ${message}`.trim() }), fix: tr('store.fix_io') };
}

/**
 * Whether the database would take a write now, without writing: its files are writable (access() also sees an
 * immutable flag or a read-only mount, even for root), its file system has room, and nobody holds the write lock
 * (BEGIN IMMEDIATE that does not wait). For `teach status`, which must answer whatever the store does.
 */
export function probeWritable(db: Db, file: string, locale: Locale = 'en'): StoreProblem | undefined {
  const space = freeSpace(file);
  if (space && space.free < FULL_BELOW_BYTES) return diagnoseStore(file, undefined, locale);
  if (writeDenied(file)) return diagnoseStore(file, undefined, locale);
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return undefined;
  } catch (e) {
    return diagnoseStore(file, e, locale);
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

type Denied = 'EPERM' | 'EROFS' | 'EACCES';

function writeDenied(file: string): Denied | undefined {
  for (const f of [file, `${file}-wal`]) {
    try {
      accessSync(f, constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPERM' || code === 'EROFS' || code === 'EACCES') return code;
    }
  }
  return undefined;
}

function freeSpace(file: string): { free: number; mount: string } | undefined {
  const s = spaceOf(dirname(file));
  return s && { free: s.freeBytes, mount: s.mount };
}

/** Room for a write-back: worth trying it (a full disk costs a statfs per attempt, not a transaction thrown away). */
export function hasRoom(file: string): boolean {
  const s = freeSpace(file);
  return s === undefined || s.free >= FULL_BELOW_BYTES;
}

/**
 * Who holds SQLite's write lock: in WAL mode a POSIX write lock on byte 120 of the -shm file (WAL_WRITE_LOCK), in
 * rollback mode one on the database file itself; /proc/locks lists both with the holder's pid.
 */
function lockHolder(file: string): number | undefined {
  const ids = new Set<string>();
  for (const f of [`${file}-shm`, file]) {
    try {
      const st = statSync(f);
      ids.add(`${(Math.floor(st.dev / 256) & 0xfff).toString(16).padStart(2, '0')}:${((st.dev & 0xff) | ((st.dev >> 12) & 0xfff00)).toString(16).padStart(2, '0')}:${st.ino}`);
    } catch {
      // no -shm: not in WAL mode
    }
  }
  try {
    for (const line of readFileSync('/proc/locks', 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      // "4: POSIX  ADVISORY  WRITE 25295 fe:00:2146589 120 120"
      if (f[1] !== 'POSIX' || f[3] !== 'WRITE' || !ids.has(f[5] ?? '')) continue;
      const pid = Number(f[4]);
      if (pid > 0 && pid !== process.pid) return pid;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
