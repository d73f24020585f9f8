/**
 * SQLite files are never copied byte for byte: a live WAL database is spread over the file, `-wal` and `-shm`, and
 * a copy taken mid-checkpoint is torn. SQLite's online backup API copies a consistent snapshot page by page, in both
 * directions: out of a live database into the archive, and from the archive back into a live database, where every
 * other connection (the bot, another CLI) sees the old or the new database at commit, never a mix.
 */
import Database from 'better-sqlite3';
import { copyFile, mkdtemp, open, rm } from 'node:fs/promises';
import { join } from 'node:path';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Files SQLite keeps beside a database; they belong to it and are never archived on their own. */
export const SQLITE_SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

export async function isSqliteFile(file: string): Promise<boolean> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return false;
  try {
    const buf = Buffer.alloc(HEADER.length);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return bytesRead === HEADER.length && buf.equals(HEADER);
  } finally {
    await fh.close();
  }
}

/** Consistent snapshot of `src` (possibly open and written by another process) into the new file `dest`. */
export async function snapshotSqlite(src: string, dest: string): Promise<void> {
  // Read-only: the backup must never change or checkpoint the database it copies.
  const db = new Database(src, { readonly: true, fileMustExist: true });
  try {
    await db.backup(dest);
  } finally {
    db.close();
  }
}

/**
 * Overwrites the database at `live` with the content of `src` through the backup API (the reverse direction), so a
 * process holding `live` open keeps a valid database and sees the restored content at once.
 */
export async function writeSqliteInto(src: string, live: string): Promise<void> {
  // Not read-only: a snapshot carries the WAL flag in its header, and opening a WAL database read-only needs a
  // -shm file that a fresh copy does not have. `src` is our own temporary copy, so writing beside it is harmless.
  const db = new Database(src, { fileMustExist: true });
  try {
    await db.backup(live);
  } finally {
    db.close();
  }
}

/** Opens a scratch copy of `staged` and runs PRAGMA integrity_check; returns the problem, or null when it is sound. */
export async function sqliteProblem(staged: string, scratchParent: string): Promise<string | null> {
  const dir = await mkdtemp(join(scratchParent, '.check-'));
  try {
    const copy = join(dir, 'check.db');
    await copyFile(staged, copy);
    let db: Database.Database | undefined;
    try {
      db = new Database(copy, { fileMustExist: true });
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      const bad = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
      return bad.length === 0 ? null : bad.slice(0, 3).join('; ');
    } catch (e) {
      return (e as Error).message;
    } finally {
      db?.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

