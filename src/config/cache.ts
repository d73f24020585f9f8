/**
 * A per-user cache of the validated config, so short CLI commands (`teach status`) skip yaml + zod (~70-90 ms of
 * module loading on a 2-core host). An entry is used only while the config file is unchanged (inode, size, mtime),
 * every `${VAR}` it references has the same value, the dotenv file interpolation reads (config.env_file) is unchanged
 * (or still absent), and the loader that produced it is the same build. Anything else
 * — including any problem reading the cache — falls back to the full loader, which reports problems as usual.
 * The cache lives in a 0700 folder of the current user under the temp dir and is written atomically.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './types.js';
import type { LoadOptions } from './load.js';
import { resolveConfigPath } from './resolve.js';

const CACHE_FORMAT = 2;

interface Entry {
  format: number;
  loader: number;
  file: { ino: number; size: number; mtimeMs: number };
  env: Record<string, string | null>;
  /** the interpolation env file's stamp; null when it did not exist */
  envFile: { path: string; stamp: Entry['file'] | null };
  config: Config;
}

function cacheDir(): string {
  return join(tmpdir(), `teachops-config-cache-${process.getuid?.() ?? 'u'}`);
}

/** A new build of teachops (this very file is rewritten by every build) invalidates every entry. */
function loaderStamp(): number {
  return statSync(fileURLToPath(import.meta.url)).mtimeMs;
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

function referencedVars(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))];
}

export async function loadConfigCached(opts: LoadOptions = {}): Promise<Config> {
  const env = opts.env ?? process.env;
  const file = resolveConfigPath(opts);
  const entryPath = join(cacheDir(), `${createHash('sha1').update(file).digest('hex')}.json`);
  let st: Stats | undefined;
  try {
    st = statSync(file);
    const cacheSt = statSync(entryPath);
    if (process.getuid && cacheSt.uid !== process.getuid()) throw new Error('not ours');
    const entry = JSON.parse(readFileSync(entryPath, 'utf8')) as Entry;
    const same =
      entry.format === CACHE_FORMAT &&
      entry.loader === loaderStamp() &&
      JSON.stringify(entry.file) === JSON.stringify(fileStamp(st)) &&
      JSON.stringify(entry.envFile.stamp) === JSON.stringify(stampOf(entry.envFile.path)) &&
      Object.entries(entry.env).every(([k, v]) => (env[k] ?? null) === v);
    if (same) return entry.config;
  } catch {
    // no usable entry: load for real below
  }
  const { loadConfig } = await import('./load.js');
  const config = loadConfig(opts);
  if (st) save(entryPath, file, st, env, config);
  return config;
}

function save(entryPath: string, file: string, st: Stats, env: NodeJS.ProcessEnv, config: Config): void {
  try {
    const text = readFileSync(file, 'utf8');
    const entry: Entry = {
      format: CACHE_FORMAT,
      loader: loaderStamp(),
      file: fileStamp(st),
      env: Object.fromEntries(referencedVars(text).map((k) => [k, env[k] ?? null])),
      envFile: { path: config.env_file, stamp: stampOf(config.env_file) },
      config,
    };
    mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    const tmp = `${entryPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
    renameSync(tmp, entryPath);
  } catch {
    // a cache that cannot be written only costs speed
  }
}
