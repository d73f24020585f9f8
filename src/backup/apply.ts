/**
 * Writing verified archive files back into place. Everything a restore overwrites is first kept in a side folder
 * (`<backup.dir>/replaced-<time>/`, same layout as the archive), which is also what an undo restores from.
 * Plain files are written beside their target and renamed over it (a reader never sees half a config file);
 * SQLite files go through the online backup API in both directions (see sqlite.ts).
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Config } from '../config/types.js';
import { sha256File, type ManifestEntry } from './manifest.js';
import { destinationOf } from './destinations.js';
import { ArchiveRefusedError } from './errors.js';
import { snapshotSqlite, writeSqliteInto } from './sqlite.js';

export type PlanState = 'replace' | 'add' | 'same';

export interface PlannedFile {
  entry: ManifestEntry;
  /** the verified copy in the unpacked archive */
  staged: string;
  /** computed from the current config (destinations.ts), never taken from the archive */
  target: string;
  /** read from the staged bytes, never from the manifest */
  sqlite: boolean;
  state: PlanState;
}

export interface AppliedFile {
  planned: PlannedFile;
  /** where the replaced file was kept; null when the target did not exist */
  side: string | null;
}

/**
 * Every entry's destination, checked before anything is stopped: one entry the current config does not allow
 * refuses the whole archive (ArchiveRefusedError naming it). Two entries for one destination are refused too.
 */
export async function planFiles(entries: ManifestEntry[], unpacked: string, config: Config, archive: string): Promise<PlannedFile[]> {
  const out: PlannedFile[] = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const staged = join(unpacked, entry.path);
    const dest = await destinationOf(entry, staged, config, archive);
    if (dest === null) continue;
    const { target, sqlite } = dest;
    const twice = seen.get(target);
    if (twice !== undefined) {
      throw new ArchiveRefusedError(archive, entry.path, `${twice} has the same destination ${target}`, config.locale);
    }
    seen.set(target, entry.path);
    const exists = (await stat(target).catch(() => undefined))?.isFile() ?? false;
    // A live database's bytes never equal a snapshot's (header counters, WAL): it is always replaced.
    const same = exists && !sqlite && (await sha256File(target)) === entry.sha256;
    out.push({ entry, staged, target, sqlite, state: !exists ? 'add' : same ? 'same' : 'replace' });
  }
  return out;
}

/** Applies `files` in order, pushing each onto `applied` as soon as it is written, so a failure can be undone. */
export async function applyFiles(files: PlannedFile[], sideDir: string, applied: AppliedFile[]): Promise<void> {
  for (const planned of files) {
    if (planned.state === 'same') continue;
    const { entry, target, staged, sqlite } = planned;
    await mkdir(dirname(target), { recursive: true });
    let side: string | null = null;
    if (planned.state === 'replace') {
      side = join(sideDir, entry.path);
      // The side folder holds copies of the config and the database: owner-only like the archives.
      await mkdir(sideDir, { recursive: true, mode: 0o700 });
      await mkdir(dirname(side), { recursive: true, mode: 0o700 });
      await (sqlite ? snapshotSqlite(target, side) : copyFile(target, side, constants.COPYFILE_EXCL));
    }
    await writeInto(staged, target, sqlite);
    applied.push({ planned, side });
  }
}

/** Puts back what `applyFiles` replaced, newest first. */
export async function undoFiles(applied: AppliedFile[]): Promise<void> {
  for (const a of [...applied].reverse()) {
    if (a.side === null) await rm(a.planned.target, { force: true });
    else await writeInto(a.side, a.planned.target, a.planned.sqlite);
  }
}

async function writeInto(src: string, target: string, sqlite: boolean): Promise<void> {
  if (sqlite) return writeSqliteInto(src, target);
  // A fresh name that nobody can have planted (EXCL), renamed over the target: rename replaces a link, never follows it.
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.restore`);
  await copyFile(src, tmp, constants.COPYFILE_EXCL);
  try {
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
