/**
 * Where a restore may write, computed from the CURRENT config and nothing else. An archive is a file that can come
 * from anywhere, and its manifest's checksums were written by whoever made it, so its `rel` and `sqlite` fields
 * are claims, not facts:
 * - `config` entries go only to files inside the config folder: a relative path without `..`, every existing
 *   component a real folder (no symlink, checked with lstat from the real config folder down), never into the
 *   logs or backup folders, and the target itself, if present, a regular file;
 * - `data` entries go only to files named by the current `backup.include` (a file, a file under a named folder, or
 *   a name matching a pattern), never through a symlink at the target;
 * - the `state` entry goes only to `<logs_dir>/teachops.db`, and only if the staged copy is a SQLite database that
 *   opens and passes `PRAGMA integrity_check` (checked on a scratch copy);
 * - whether an entry is a SQLite file is read from its bytes, never from the manifest.
 * Any other entry refuses the whole archive, naming the entry, before anything is stopped.
 */
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/types.js';
import { storePath } from '../store/db.js';
import { ArchiveRefusedError } from './errors.js';
import type { ManifestEntry } from './manifest.js';
import { isSqliteFile, sqliteProblem } from './sqlite.js';

export interface Destination {
  target: string;
  /** from the staged bytes: written through SQLite's backup API */
  sqlite: boolean;
}

const inside = (parent: string, child: string) => child === parent || child.startsWith(parent + sep);

async function lstatOrNull(p: string) {
  return lstat(p).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
}

/** Every existing component from `root` (excluded) to `target` must be a real folder, the target a regular file. */
async function noLinksBelow(root: string, target: string, refuse: (why: string) => never): Promise<void> {
  const parts = relative(root, target).split(sep);
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i]!);
    const st = await lstatOrNull(at);
    if (!st) return; // the rest will be created by the restore
    if (st.isSymbolicLink()) refuse(`${at} is a symbolic link`);
    const last = i === parts.length - 1;
    if (!last && !st.isDirectory()) refuse(`${at} is not a folder`);
    if (last && !st.isFile()) refuse(`${at} is not a regular file`);
  }
}

async function configTarget(entry: ManifestEntry, config: Config, refuse: (why: string) => never): Promise<string> {
  const rel = entry.rel;
  if (rel === '' || isAbsolute(rel) || rel.includes('\\') || rel.includes('\0')) refuse(`its destination "${rel}" is not a relative path`);
  if (rel.split('/').some((s) => s === '..' || s === '.' || s === '')) refuse(`its destination "${rel}" leaves or does not name a file in the config folder`);
  const root = await realpath(config.dir);
  const target = join(root, ...rel.split('/'));
  if (!inside(root, target) || target === root) refuse(`its destination "${rel}" is outside the config folder`);
  for (const own of [config.logs_dir, config.backup.dir]) {
    const real = await realpath(own).catch(() => resolve(own));
    if (inside(real, target) || inside(resolve(own), target)) refuse(`its destination ${target} is in teachops' own folder ${own}`);
  }
  await noLinksBelow(root, target, refuse);
  return target;
}

function patternOf(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Whether the current `backup.include` names `abs` (file, folder it is under, or a pattern in its folder). */
export async function isIncluded(config: Config, abs: string): Promise<boolean> {
  for (const entry of config.backup.include) {
    const inc = resolve(config.dir, entry);
    const name = basename(inc);
    if (/[*?]/.test(name)) {
      if (dirname(inc) === dirname(abs) && patternOf(name).test(basename(abs))) return true;
    } else if (inc === abs) {
      return true;
    } else if (inside(inc, abs) && (await lstatOrNull(inc))?.isDirectory()) {
      return true;
    }
  }
  return false;
}

async function dataTarget(entry: ManifestEntry, config: Config, refuse: (why: string) => never): Promise<string> {
  if (isAbsolute(entry.rel) || entry.rel.includes('\0')) refuse(`its destination "${entry.rel}" is not relative to the config folder`);
  const target = resolve(config.dir, entry.rel);
  if (!(await isIncluded(config, target))) refuse(`its destination ${target} is not named by backup.include`);
  const st = await lstatOrNull(target);
  if (st?.isSymbolicLink()) refuse(`${target} is a symbolic link`);
  if (st && !st.isFile()) refuse(`${target} is not a regular file`);
  const parent = await lstatOrNull(dirname(target));
  if (parent?.isSymbolicLink()) refuse(`${dirname(target)} is a symbolic link`);
  return target;
}

/** The destination of one verified entry, or null for logs (kept in the archive for reading only). */
export async function destinationOf(entry: ManifestEntry, staged: string, config: Config, archive: string): Promise<Destination | null> {
  const refuse = (why: string): never => {
    throw new ArchiveRefusedError(archive, entry.path, why, config.locale);
  };
  const sqlite = await isSqliteFile(staged);
  switch (entry.kind) {
    case 'logs':
      return null;
    case 'config':
      return { target: await configTarget(entry, config, refuse), sqlite };
    case 'data': {
      const target = await dataTarget(entry, config, refuse);
      if (sqlite) {
        const problem = await sqliteProblem(staged, dirname(staged));
        if (problem) refuse(`it is a damaged SQLite database (${problem})`);
      }
      return { target, sqlite };
    }
    case 'state': {
      if (!sqlite) refuse('the state entry is not a SQLite database');
      const problem = await sqliteProblem(staged, dirname(staged));
      if (problem) refuse(`the state database fails its integrity check (${problem})`);
      return { target: storePath(config.logs_dir), sqlite: true };
    }
  }
}
