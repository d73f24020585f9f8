/**
 * One backup: snapshot every source into a staging folder beside the archives (SQLite files through the online
 * backup API, others copied), checksum the staged copies (so the manifest describes exactly the bytes archived,
 * even for logs that keep growing), pack them with `tar` into one gzip archive, then apply retention.
 * The archive appears under its final name only when complete (written as `.partial`, then renamed).
 */
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createExclusive, ensureSafeDir, MODES } from '../util/safe-fs.js';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';
import type { Config } from '../config/types.js';
import { systemClock, type Clock } from '../clock.js';
import { errorMessage, isTeachopsError, type TeachopsError } from '../errors.js';
import { collectSources } from './collect.js';
import { MANIFEST_FORMAT, MANIFEST_NAME, sha256File, type Manifest, type ManifestEntry } from './manifest.js';
import { snapshotSqlite, sqliteProblem } from './sqlite.js';
import { t } from '../i18n/index.js';
import { archiveName, pruneBackups } from './archives.js';
import { BackupFailedError } from './errors.js';

export type BackupResult =
  | { ok: true; archive: string; bytes: number; files: number; ms: number; removed: string[] }
  | { ok: false; error: TeachopsError; ms: number };

export interface BackupOptions {
  clock?: Clock;
}

/** Never throws: a failed backup is a result the caller turns into an alert. */
export async function createBackup(config: Config, opts: BackupOptions = {}): Promise<BackupResult> {
  const clock = opts.clock ?? systemClock;
  const started = performance.now();
  const dir = config.backup.dir;
  let staging: string | undefined;
  let partial: string | undefined;
  try {
    // Archives hold the config and the database: the folder is owner-only, and never a link (ensureSafeDir).
    ensureSafeDir(dir, MODES.dir, { tighten: true });
    staging = await mkdtemp(join(dir, '.staging-'));
    const entries = await stage(config, staging);
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      created_at: new Date(clock.now()).toISOString(),
      name: config.name,
      host: hostname(),
      config_dir: config.dir,
      logs_dir: config.logs_dir,
      files: entries,
    };
    await writeFile(join(staging, MANIFEST_NAME), JSON.stringify(manifest, null, 2));
    const archive = await freeName(dir, clock.now());
    partial = `${archive}.partial`;
    const top = [MANIFEST_NAME, ...new Set(entries.map((e) => e.path.split('/')[0]!))];
    // portable: no uid/gid/mtime noise; the manifest's checksums are what restore trusts.
    // Owner-only from the first byte (O_EXCL, never through a planted link), not chmod'ed after the write.
    const fd = createExclusive(partial, MODES.private);
    await pipeline(tar.c({ gzip: true, cwd: staging, portable: true, strict: true }, top), createWriteStream('', { fd }));
    await rename(partial, archive);
    partial = undefined;
    const removed = await pruneBackups(dir, config.backup.keep);
    const bytes = (await stat(archive)).size;
    return { ok: true, archive, bytes, files: entries.length, ms: performance.now() - started, removed };
  } catch (e) {
    const error = isTeachopsError(e) ? e : new BackupFailedError(errorMessage(e), dir, e, config.locale);
    return { ok: false, error, ms: performance.now() - started };
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
    if (partial) await rm(partial, { force: true });
  }
}

async function stage(config: Config, staging: string): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const src of await collectSources(config)) {
    const dest = join(staging, src.path);
    await mkdir(dirname(dest), { recursive: true });
    try {
      if (src.sqlite) await snapshotSqlite(src.abs, dest);
      else await copyFile(src.abs, dest);
    } catch (e) {
      // A log file removed between listing and copying (a rotation, a cleanup) is not a failed backup.
      if (!src.sqlite && src.kind === 'logs' && (e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new BackupFailedError(`cannot copy ${src.abs}: ${errorMessage(e)}`, config.backup.dir, e, config.locale);
    }
    if (src.kind === 'state') {
      // A damaged database archived as if it were good would, after `keep` days, push out the last good archive.
      const problem = await sqliteProblem(dest, staging);
      if (problem) throw new BackupFailedError(t(config.locale, 'security.backup_state_corrupt', { file: src.abs, problem }), config.backup.dir, undefined, config.locale);
    }
    const size = (await stat(dest)).size;
    entries.push({ path: src.path, kind: src.kind, rel: src.rel, sqlite: src.sqlite, size, sha256: await sha256File(dest) });
  }
  return entries;
}

/** Two backups in the same second (a manual one during the scheduled one) get `-1`, `-2` ... */
async function freeName(dir: string, now: number): Promise<string> {
  for (let seq = 0; ; seq++) {
    const file = join(dir, archiveName(now, seq));
    if (!(await stat(file).catch(() => undefined))) return file;
  }
}
