/**
 * A throwaway teachops project for tests: a temp dir with logs/, a `services.yaml` written from YAML-shaped input and
 * loaded with the real config loader, and an open store.
 * `cleanup()` kills only what this project started (processes named by its own verified pid files, plus pids handed
 * to `track()`), closes the store and removes the dir.
 *
 *   const p = await makeTempProject({ services: { llm: { command: demoCommand('llm'), port, health: { url } } } });
 *   onTestFinished(p.cleanup);
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { openStore, type Store } from '../../src/store/index.js';
import { readPidFile, verifyRecord } from '../../src/supervisor/pidfile.js';
import { paths } from '../../src/util/paths.js';
import { sameProcessAlive, identityOf, type ProcIdentity } from '../../src/util/proc.js';

/** The repository root, found from this file whether it runs from test/support or dist/test/support. */
export const repoRoot = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = resolve(here, '..', '..');
  return up.endsWith('/dist') ? dirname(up) : up;
})();

/** argv running a stand-in service under the current node: `demoCommand('llm')`; `extra` args are ignored by it. */
export function demoCommand(name: 'backend' | 'llm' | 'frontend', ...extra: string[]): string[] {
  return [process.execPath, join(repoRoot, 'demo', `${name}.mjs`), ...extra];
}

/** argv running a test fixture (test/fixtures/<name>.mjs). */
export function fixtureCommand(name: string, ...extra: string[]): string[] {
  return [process.execPath, join(repoRoot, 'test', 'fixtures', `${name}.mjs`), ...extra];
}

/**
 * A port nobody listens on right now (the kernel picks it; we close it again at once). Never the same port twice in
 * one test process: the kernel may hand a just-closed port out again, and two services of one config on the same
 * port is a config error.
 */
const handedOut = new Set<number>();
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((res, rej) => {
      const srv = createServer();
      srv.once('error', rej);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export type RawServiceInput = Record<string, unknown> & { command: string | string[] };

export interface TempProjectOptions {
  services?: Record<string, RawServiceInput>;
  /** other top-level keys of services.yaml (name, locale, monitor ...) */
  raw?: Record<string, unknown>;
  /** files to create in the project dir, relative path -> content (e.g. { '.env': 'KEY=v\n' }) */
  files?: Record<string, string>;
}

export interface TempProject {
  dir: string;
  logsDir: string;
  config: Config;
  store: Store;
  /** kill this pid (if still the same process) at cleanup */
  track(pid: number): void;
  cleanup(): Promise<void>;
}

export function makeTempProject(opts: TempProjectOptions = {}): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'teachops-test-'));
  for (const [rel, content] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, rel), content);
  const config = buildConfig(dir, opts);
  const store = openStore(config.logs_dir);
  const tracked: ProcIdentity[] = [];
  return {
    dir,
    logsDir: config.logs_dir,
    config,
    store,
    track(pid) {
      const id = identityOf(pid);
      if (id) tracked.push(id);
    },
    async cleanup() {
      killOwn(config, tracked);
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes `services.yaml` (JSON is YAML) into the project and loads it with the real loader, so tests, CLI child
 * processes and the bot all read the same file the same way. `env` feeds `${VAR}` interpolation.
 */
export function buildConfig(dir: string, opts: TempProjectOptions): Config {
  const raw = { logs_dir: 'logs', ...opts.raw, services: opts.services ?? {} };
  const file = join(dir, 'services.yaml');
  writeFileSync(file, JSON.stringify(raw, null, 2) + '\n');
  return loadConfig({ file, env: {}, cwd: dir });
}

/** SIGKILL the groups named by this project's own verified pid files, and the tracked pids. Nothing else. */
function killOwn(config: Config, tracked: ProcIdentity[]): void {
  let files: string[] = [];
  try {
    files = readdirSync(paths.pidDir(config.logs_dir));
  } catch {
    // no pid dir: nothing was started
  }
  for (const f of files.filter((n) => n.endsWith('.pid'))) {
    const read = readPidFile(config.logs_dir, f.slice(0, -4));
    if (read && 'record' in read && verifyRecord(read.record).match) {
      try {
        process.kill(-read.record.pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  for (const id of tracked) {
    if (!sameProcessAlive(id)) continue;
    try {
      process.kill(id.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
