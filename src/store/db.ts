/**
 * The state database: one SQLite file in WAL mode at `<logs_dir>/teachops.db`, shared by the bot and any number of
 * CLI processes. Short transactions and a busy timeout keep them out of each other's way.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrations, type Migration } from './migrations.js';
import { TeachopsError } from '../errors.js';

export type Db = Database.Database;

export class StoreOpenError extends TeachopsError {
  readonly code = 'store_open';
}

export function storePath(logsDir: string): string {
  return join(logsDir, 'teachops.db');
}

export function openDb(file: string, extra: Migration[] = []): Db {
  let db: Db;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
  } catch (e) {
    throw new StoreOpenError(`cannot open the state database ${file}: ${(e as Error).message}`, {
      hint: 'check that logs_dir exists and is writable by this user',
      cause: e,
    });
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db, [...migrations, ...extra]);
  return db;
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
