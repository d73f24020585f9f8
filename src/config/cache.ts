/**
 * A per-user cache of the validated config, so short CLI commands (`teach status`) skip yaml + zod (~70-90 ms of
 * module loading on a 2-core host). An entry is used only while the config file is unchanged (inode, size, mtime),
 * every `${VAR}` it references has the same value (compared by SHA-256; values are never stored), the dotenv file
 * interpolation reads (config.env_file) is unchanged (or still absent), and the loader that produced it is the same
 * build. Anything else, including any problem with the cache, falls back to the full
 * loader, which reports problems as usual.
 *
 * Where: `$XDG_CACHE_HOME/teachops` (default `~/.cache/teachops`), a folder created 0700 and checked with lstat before
 * every use: a real folder (not a link), owned by the current user, no group/other bits. A folder another local
 * user pre-created is refused (the cache is simply not used), never written into or read from. Entries are written
 * with O_EXCL and 0600, then renamed into place. Values of referenced variables are cut out of the cached config
 * and put back at load from the same place interpolation took them (the environment over the dotenv file), after
 * their hashes matched.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './types.js';
import type { LoadOptions } from './load.js';
import { resolveConfigPath } from './resolve.js';
import { rememberSecrets } from './secrets.js';
import { mergeDotenv } from './dotenv-merge.js';
import { writeFileSafe, MODES } from '../util/safe-fs.js';

const CACHE_FORMAT = 3;

interface Entry {
  format: number;
  loader: number | string;
  file: { ino: number; size: number; mtimeMs: number };
  /** variable -> SHA-256 of its value (null: unset) */
  env: Record<string, string | null>;
  /** the interpolation env file's stamp; null when it did not exist */
  envFile: { path: string; stamp: Entry['file'] | null };
  /** the config, each referenced value replaced by its marker in every string */
  config: Config;
}

/** The cache folder for this environment, or undefined when there is no home to put it in. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME?.trim();
  if (xdg && xdg.startsWith('/')) return join(xdg, 'teachops');
  let home = env.HOME?.trim();
  if (!home) {
    try {
      home = homedir();
    } catch {
      return undefined;
    }
  }
  return home ? join(home, '.cache', 'teachops') : undefined;
}

/** Why `dir` may not hold the cache, or null when it is a private folder of the current user. */
export function cacheDirProblem(dir: string): string | null {
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch {
    return 'missing';
  }
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (!st.isDirectory()) return 'not a folder';
  const me = process.getuid?.();
  if (me !== undefined && st.uid !== me) return `owned by uid ${st.uid}, not ${me}`;
  if ((st.mode & 0o077) !== 0) return `mode ${(st.mode & 0o777).toString(8)}, not 700`;
  return null;
}

function safeDir(env: NodeJS.ProcessEnv, create: boolean): string | undefined {
  const dir = cacheDir(env);
  if (!dir) return undefined;
  if (create) {
    try {
      // Parents (~/.cache) get the usual 0700 too when missing; an existing folder is only checked, never changed.
      mkdirSync(dir, { recursive: true, mode: MODES.dir });
    } catch {
      return undefined;
    }
  }
  return cacheDirProblem(dir) === null ? dir : undefined;
}

/** Set by the bundler (scripts/bundle.ts) to one id per build, shared by every bundle of that build. */
declare const TEACHOPS_BUILD_ID: string | undefined;

/**
 * A new build of teachops invalidates every entry: the bundles carry their build's id (the status fast path and the
 * full CLI are different files, so their own mtimes would make each throw away the other's entries); unbundled,
 * this very file is rewritten by every build.
 */
function loaderStamp(): number | string {
  return typeof TEACHOPS_BUILD_ID === 'string' ? TEACHOPS_BUILD_ID : statSync(fileURLToPath(import.meta.url)).mtimeMs;
}

function fileStamp(st: Stats): Entry['file'] {
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

function stampOf(path: string): Entry['file'] | null {
  try {
    return fileStamp(statSync(path));
  } catch {
    return null;
  }
}

/** What `${VAR}` was filled from: the environment over the dotenv file (src/config/env-file.ts), when it exists. */
function interpolationValues(envFile: string, stamp: Entry['file'] | null, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return stamp === null ? env : mergeDotenv(readFileSync(envFile, 'utf8'), env);
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function referencedVars(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))];
}

/** Values worth cutting out (shorter ones are ports and flags), longest first, each with a marker no value contains. */
function cuts(vars: string[], env: NodeJS.ProcessEnv): { marker: string; value: string }[] {
  return vars
    .map((k) => env[k])
    .filter((v): v is string => typeof v === 'string' && v.length >= 4)
    .sort((a, b) => b.length - a.length)
    .map((value, i) => ({ marker: `\u0000${i}\u0000`, value }));
}

/** A copy of `v` with `fn` applied to every string value (keys are names, never values). */
function mapStrings<T>(v: T, fn: (s: string) => string): T {
  if (typeof v === 'string') return fn(v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => mapStrings(x, fn)) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, fn)])) as T;
  return v;
}

/**
 * The cached config when the entry is usable (same file, same dotenv file, same variables, same build), else undefined. Never loads
 * yaml or zod: the status fast path hands over to the full CLI when this misses.
 */
export function loadFromCache(opts: LoadOptions = {}): Config | undefined {
  const env = opts.env ?? process.env;
  const file = resolveConfigPath(opts);
  const dir = safeDir(env, false);
  if (!dir) return undefined;
  try {
    const st = statSync(file);
    const entryPath = join(dir, `${sha(file).slice(0, 40)}.json`);
    const entryStat = lstatSync(entryPath);
    if (!entryStat.isFile() || (process.getuid && entryStat.uid !== process.getuid())) return undefined;
    const entry = JSON.parse(readFileSync(entryPath, 'utf8')) as Entry;
    const stampsMatch =
      entry.format === CACHE_FORMAT &&
      entry.loader === loaderStamp() &&
      JSON.stringify(entry.file) === JSON.stringify(fileStamp(st)) &&
      JSON.stringify(entry.envFile.stamp) === JSON.stringify(stampOf(entry.envFile.path));
    if (!stampsMatch) return undefined;
    // The values interpolation used: the environment over the dotenv file (unchanged, as its stamp says).
    const values = interpolationValues(entry.envFile.path, entry.envFile.stamp, env);
    if (!Object.entries(entry.env).every(([k, h]) => (values[k] === undefined ? null : sha(values[k])) === h)) return undefined;
    const back = cuts(Object.keys(entry.env), values);
    const config = mapStrings(entry.config, (s) => back.reduce((acc, c) => acc.split(c.marker).join(c.value), s));
    rememberSecrets(config, env);
    return config;
  } catch {
    // no usable entry
    return undefined;
  }
}

export async function loadConfigCached(opts: LoadOptions = {}): Promise<Config> {
  const cached = loadFromCache(opts);
  if (cached) return cached;
  const env = opts.env ?? process.env;
  const file = resolveConfigPath(opts);
  let st: Stats | undefined;
  try {
    st = statSync(file);
  } catch {
    // the loader names the missing file
  }
  const { loadConfig } = await import('./load.js');
  const config = loadConfig(opts);
  if (st) save(file, st, env, config);
  return config;
}

function save(file: string, st: Stats, env: NodeJS.ProcessEnv, config: Config): void {
  try {
    const dir = safeDir(env, true);
    if (!dir) return;
    const vars = referencedVars(readFileSync(file, 'utf8'));
    const stamp = stampOf(config.env_file);
    const values = interpolationValues(config.env_file, stamp, env);
    const out = cuts(vars, values);
    const entry: Entry = {
      format: CACHE_FORMAT,
      loader: loaderStamp(),
      file: fileStamp(st),
      env: Object.fromEntries(vars.map((k) => [k, values[k] === undefined ? null : sha(values[k])])),
      envFile: { path: config.env_file, stamp },
      config: mapStrings(config, (s) => out.reduce((acc, c) => acc.split(c.value).join(c.marker), s)),
    };
    writeFileSafe(join(dir, `${sha(file).slice(0, 40)}.json`), JSON.stringify(entry), MODES.private);
  } catch {
    // a cache that cannot be written only costs speed
  }
}
