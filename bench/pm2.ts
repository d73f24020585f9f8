/**
 * pm2 beside teachops, for the status benchmark: the same stand-in services under pm2 (a devDependency used only
 * here), with a PM2_HOME of its own in a temp folder, so the user's pm2 (if any) is never touched. `stop()` runs
 * `pm2 kill` and then SIGKILLs any of the daemon's or the apps' pids still alive, each only while it is the very
 * process recorded at start (pid + start time), and removes the folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityOf, sameProcessAlive, type ProcIdentity } from '../src/util/proc.js';
import { repoRoot } from '../test/support/temp-project.js';

const PM2 = join(repoRoot, 'node_modules', 'pm2', 'bin', 'pm2');

export interface Pm2App {
  name: string;
  script: string;
  env: Record<string, string>;
}

export interface Pm2Side {
  /** argv of `pm2 jlist` (run with `env`) */
  jlist: string[];
  env: NodeJS.ProcessEnv;
  stop(): void;
}

export function startPm2(apps: readonly Pm2App[]): Pm2Side {
  const home = mkdtempSync(join(tmpdir(), 'teachops-bench-pm2-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PM2_HOME: home };
  const owned: ProcIdentity[] = [];
  const pm2 = (args: string[], extra: Record<string, string> = {}) =>
    execFileSync(process.execPath, [PM2, ...args], { env: { ...env, ...extra }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const remember = (pid: number | undefined) => {
    const id = pid ? identityOf(pid) : undefined;
    if (id && !owned.some((o) => o.pid === id.pid)) owned.push(id);
  };
  const side: Pm2Side = {
    jlist: [process.execPath, PM2, 'jlist'],
    env,
    stop() {
      try {
        pm2(['kill']);
      } catch {
        // the pid check below still cleans up
      }
      for (const id of owned) {
        if (!sameProcessAlive(id)) continue;
        try {
          process.kill(id.pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
  try {
    for (const app of apps) {
      pm2(['start', app.script, '--name', app.name, '--no-autorestart'], app.env);
      remember(Number(readFileSync(join(home, 'pm2.pid'), 'utf8').trim()));
    }
    for (const proc of JSON.parse(pm2(['jlist'])) as { pid?: number }[]) remember(proc.pid);
  } catch (e) {
    side.stop();
    throw e;
  }
  return side;
}
