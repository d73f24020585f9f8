/**
 * The state database: one SQLite file in WAL mode at `<logs_dir>/teachops.db`, shared by the bot and any number of
 * CLI processes. Short transactions and a busy timeout keep them out of each other's way.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync } from 'node:fs';
import { createExclusive, lstatOrUndefined, MODES, UnsafePathError } from '../util/safe-fs.js';
import { dirname, join } from 'node:path';
import { migrations, type Migration } from './migrations.js';
import { TeachopsError } from '../errors.js';
import type { Locale } from '../config/types.js';
import { isCorruption, StoreCorruptError } from './integrity.js';
import { cacheStatements } from './statement-cache.js';

export type Db = Database.Database;

export class StoreOpenError extends TeachopsError {
  readonly code = 'store_open';
}

export function storePath(logsDir: string): string {
  return join(logsDir, 'teachops.db');
}

/**
 * How long a statement waits for another connection's write lock. A CLI can wait (10 concurrent `teach restart`
 * take turns); the daemon cannot: better-sqlite3 is synchronous, so the busy handler sleeps on the event loop.
 * `teach run` opens with a short timeout and holds what it cannot write (pending.ts) instead of waiting.
 */
export const CLI_BUSY_TIMEOUT_MS = 5000;

export function openDb(file: string, extra: Migration[] = [], locale: Locale = 'en', busyTimeoutMs = CLI_BUSY_TIMEOUT_MS): Db {
  let db: Db;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: MODES.logDir });
    prepareFile(file);
    db = new Database(file);
  } catch (e) {
    if (e instanceof UnsafePathError) throw e;
    throw new StoreOpenError(`cannot open the state database ${file}: ${(e as Error).message}`, {
      hint: 'check that logs_dir exists and is writable by this user',
      cause: e,
    });
  }
  try {
    // Opening and migrating may wait like any CLI: two processes opening a fresh database at once take turns.
    db.pragma(`busy_timeout = ${CLI_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, [...migrations, ...extra]);
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
    cacheStatements(db);
  } catch (e) {
    db.close();
    // "file is not a database" from the first pragma says neither which file nor what to do: name both.
    if (isCorruption(e)) throw new StoreCorruptError(file, (e as Error).message, locale, e);
    throw e;
  }
  return db;
}

/**
 * The database holds the audit log, alert history and incident notes: owner-only. A new database file is created
 * 0600 before SQLite opens it (SQLite gives -wal and -shm the mode of the database file); an existing one that is
 * looser and ours is tightened. A link at any of the three paths is refused: services can write under logs_dir.
 */
function prepareFile(file: string): void {
  for (const p of [file, `${file}-wal`, `${file}-shm`]) {
    const st = lstatOrUndefined(p);
    if (st?.isSymbolicLink()) throw new UnsafePathError(p, 'symlink');
    if (st && !st.isFile()) throw new UnsafePathError(p, 'not_regular');
  }
  const st = lstatOrUndefined(file);
  if (!st) {
    try {
      closeSync(createExclusive(file, MODES.private));
    } catch (e) {
      // Another process created it first: fine, it is checked like any existing file below.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    return;
  }
  const me = process.getuid?.();
  if ((st.mode & 0o077) !== 0 && (me === undefined || st.uid === me)) {
    for (const p of [file, `${file}-wal`, `${file}-shm`]) if (lstatOrUndefined(p)?.isFile()) chmodSync(p, MODES.private);
  }
}

function migrate(db: Db, all: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = all.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return;
  // IMMEDIATE: two processes opening a fresh database at once must not both migrate.
  db.transaction(() => {
    const now = db.pragma('user_version', { simple: true }) as number;
    for (const m of pending) {
      if (m.version <= now) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}
