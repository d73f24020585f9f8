/** `teach run` as its own process for a benchmark: started on a temp project, ready once `readyLine` is printed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, type TempProject } from '../test/support/temp-project.js';

export const CLI = join(repoRoot, 'dist', 'cli', 'teach.js');

export interface TeachRun {
  child: ChildProcess;
  ready: Promise<void>;
}

/** `env` is added to this process's environment without its SLACK_* / TEACHOPS_* variables. */
/** `entry` runs another way in instead of `teach run` (e.g. `npm start`'s dist/cli/daemon.js, which reads TEACHOPS_CONFIG). */
export function startTeachRun(p: TempProject, opts: { env?: NodeJS.ProcessEnv; readyLine?: RegExp; what?: string; entry?: string[]; timeoutMs?: number } = {}): TeachRun {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|TEACHOPS_)/.test(k)) env[k] = v;
  Object.assign(env, { NO_COLOR: '1', TEACHOPS_CONFIG: join(p.dir, 'services.yaml') }, opts.env);
  const readyLine = opts.readyLine ?? /ready: watching/;
  const child = spawn(process.execPath, opts.entry ?? [CLI, 'run', '--config', join(p.dir, 'services.yaml')], { cwd: p.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const limit = opts.timeoutMs ?? 30_000;
    const timer = setTimeout(() => reject(new Error(`teach run ${opts.what ?? 'not ready'} within ${limit / 1000} s:\n${out}`)), limit);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (readyLine.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`teach run exited (${code}):\n${out}`)));
  });
  return { child, ready };
}
