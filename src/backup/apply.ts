/**
 * Writing verified archive files back into place. Everything a restore overwrites is first kept in a side folder
 * (`<backup.dir>/replaced-<time>/`, same layout as the archive), which is also what an undo restores from.
 * Plain files are written beside their target and renamed over it (a reader never sees half a config file);
 * SQLite files go through the online backup API in both directions (see sqlite.ts).
 */
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/types.js';
import { storePath } from '../store/db.js';
import { sha256File, type ManifestEntry } from './manifest.js';
import { snapshotSqlite, writeSqliteInto } from './sqlite.js';

export type PlanState = 'replace' | 'add' | 'same';

export interface PlannedFile {
  entry: ManifestEntry;
  /** the verified copy in the unpacked archive */
  staged: string;
  target: string;
  state: PlanState;
}

export interface AppliedFile {
  planned: PlannedFile;
  /** where the replaced file was kept; null when the target did not exist */
  side: string | null;
}

/** Where an archive entry goes back to; null for logs, which are kept in the archive for reading only. */
export function targetOf(entry: ManifestEntry, config: Config): string | null {
  switch (entry.kind) {
    case 'config':
    case 'data':
      return resolve(config.dir, entry.rel);
    case 'state':
      return storePath(config.logs_dir);
    case 'logs':
      return null;
  }
}

export async function planFiles(entries: ManifestEntry[], unpacked: string, config: Config): Promise<PlannedFile[]> {
  const out: PlannedFile[] = [];
  for (const entry of entries) {
    const target = targetOf(entry, config);
    if (target === null) continue;
    const exists = (await stat(target).catch(() => undefined))?.isFile() ?? false;
    // A live database's bytes never equal a snapshot's (header counters, WAL): it is always replaced.
    const same = exists && !entry.sqlite && (await sha256File(target)) === entry.sha256;
    out.push({ entry, staged: join(unpacked, entry.path), target, state: !exists ? 'add' : same ? 'same' : 'replace' });
  }
  return out;
}

/** Applies `files` in order, pushing each onto `applied` as soon as it is written, so a failure can be undone. */
export async function applyFiles(files: PlannedFile[], sideDir: string, applied: AppliedFile[]): Promise<void> {
  for (const planned of files) {
    if (planned.state === 'same') continue;
    const { entry, target, staged } = planned;
    await mkdir(dirname(target), { recursive: true });
    let side: string | null = null;
    if (planned.state === 'replace') {
      side = join(sideDir, entry.path);
      await mkdir(dirname(side), { recursive: true });
      await (entry.sqlite ? snapshotSqlite(target, side) : copyFile(target, side));
    }
    await writeInto(staged, target, entry.sqlite);
    applied.push({ planned, side });
  }
}

/** Puts back what `applyFiles` replaced, newest first. */
export async function undoFiles(applied: AppliedFile[]): Promise<void> {
  for (const a of [...applied].reverse()) {
    if (a.side === null) await rm(a.planned.target, { force: true });
    else await writeInto(a.side, a.planned.target, a.planned.entry.sqlite);
  }
}

async function writeInto(src: string, target: string, sqlite: boolean): Promise<void> {
  if (sqlite) return writeSqliteInto(src, target);
  const tmp = `${target}.teachops-restore`;
  await copyFile(src, tmp);
  await rename(tmp, target);
}
