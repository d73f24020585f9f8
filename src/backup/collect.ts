/**
 * What a backup holds (the ops guide: config, logs and `*.db`): the config folder, the logs folder without the
 * backups, pid files and the state database's own files, the state database, and the files named by
 * `backup.include`. Any SQLite file found on the way is marked so it is snapshotted, never copied.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/types.js';
import { storePath } from '../store/db.js';
import { paths } from '../util/paths.js';
import { isSqliteFile, SQLITE_SIDE_SUFFIXES } from './sqlite.js';
import type { EntryKind } from './manifest.js';
import { BackupFailedError } from './errors.js';

export interface Source {
  kind: EntryKind;
  /** absolute path of the live file */
  abs: string;
  /** path inside the archive */
  path: string;
  /** relative to the root of its kind, posix separators */
  rel: string;
  sqlite: boolean;
}

/** Never worth archiving and large or private: dependency trees and VCS data under a config folder at a project root. */
const SKIP_NAMES = new Set(['node_modules', '.git']);

export async function collectSources(config: Config): Promise<Source[]> {
  const state = storePath(config.logs_dir);
  const included = await expandIncludes(config);
  const skipDirs = [config.backup.dir, paths.pidDir(config.logs_dir)];
  const skipFiles = new Set([state, ...sideFiles(state), ...included]);
  const out: Source[] = [];

  const add = async (kind: EntryKind, root: string, abs: string, prefix: string) => {
    const rel = toPosix(relative(root, abs));
    const sqlite = await isSqliteFile(abs);
    out.push({ kind, abs, rel, sqlite, path: `${prefix}/${kind === 'data' ? `${out.length}-${basename(abs)}` : rel}` });
  };

  for (const f of await walk(config.dir, [...skipDirs, config.logs_dir])) if (!skipFiles.has(f)) await add('config', config.dir, f, 'config');
  for (const f of await walk(config.logs_dir, [...skipDirs, config.dir])) if (!skipFiles.has(f)) await add('logs', config.logs_dir, f, 'logs');
  for (const f of included) await add('data', config.dir, f, 'data');
  if (await isFile(state)) out.push({ kind: 'state', abs: state, rel: 'teachops.db', sqlite: true, path: 'state/teachops.db' });

  // A SQLite file's -wal/-shm/-journal are part of its snapshot, not files of their own.
  const dbs = new Set(out.filter((s) => s.sqlite).map((s) => s.abs));
  return out.filter((s) => !SQLITE_SIDE_SUFFIXES.some((suf) => s.abs.endsWith(suf) && dbs.has(s.abs.slice(0, -suf.length))));
}

/** `backup.include` entries: files, folders (walked), or a `*`/`?` pattern in the last segment. */
async function expandIncludes(config: Config): Promise<string[]> {
  const out: string[] = [];
  for (const entry of config.backup.include) {
    const abs = resolve(config.dir, entry);
    const name = basename(abs);
    if (/[*?]/.test(name)) {
      const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      const names = await readdir(dirname(abs)).catch(() => [] as string[]);
      for (const n of names.sort()) if (re.test(n) && (await isFile(join(dirname(abs), n)))) out.push(join(dirname(abs), n));
    } else if (await isFile(abs)) {
      out.push(abs);
    } else if ((await stat(abs).catch(() => undefined))?.isDirectory()) {
      out.push(...(await walk(abs, [config.backup.dir])));
    } else {
      // A named file that is missing would make every backup silently incomplete: fail, so the alert says so.
      throw new BackupFailedError(`backup.include names ${abs}, which does not exist`, config.backup.dir, undefined, config.locale);
    }
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f) && seen.add(f) && !SQLITE_SIDE_SUFFIXES.some((s) => f.endsWith(s)));
}

/** Regular files under `root`, sorted, skipping `skip` folders and symlinks (a link could leave the tree or loop). */
async function walk(root: string, skip: string[]): Promise<string[]> {
  const out: string[] = [];
  // Only folders strictly inside the root: the logs folder is skipped under the config folder, not the reverse.
  const inside = skip.filter((s) => s.startsWith(root + sep));
  const visit = async (dir: string): Promise<void> => {
    if (inside.some((s) => dir === s || dir.startsWith(s + sep))) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (SKIP_NAMES.has(e.name)) continue;
      const abs = join(dir, e.name);
      if (e.isDirectory()) await visit(abs);
      else if (e.isFile()) out.push(abs);
    }
  };
  await visit(root);
  return out;
}

function sideFiles(db: string): string[] {
  return SQLITE_SIDE_SUFFIXES.map((s) => db + s);
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() ?? false;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
