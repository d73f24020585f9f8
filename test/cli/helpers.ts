/** Runs the built CLI (`dist/cli/teach.js`) as a child process against a temp project, as a user would. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { demoCommand, freePort, makeTempProject, repoRoot, type TempProject, type TempProjectOptions } from '../support/temp-project.js';

export const CLI = join(repoRoot, 'dist', 'cli', 'teach.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the developer's own keys or Slack tokens. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', USER: 'tester', NO_COLOR: '1', ...extra };
}

/** `args` may carry their own `--config`; otherwise the project's is used. */
function withConfig(p: TempProject, args: string[]): string[] {
  return args.includes('--config') ? args : [...args, '--config', p.config.file];
}

export function teach(p: TempProject, args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...withConfig(p, args)], { cwd: p.dir, env: cleanEnv(env), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function teachAsync(p: TempProject, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...withConfig(p, args)], { cwd: p.dir, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The three demo services on free ports, llm with a (fake) key from its env file. */
export async function demoProject(opts: TempProjectOptions = {}): Promise<TempProject & { ports: Record<'backend' | 'llm' | 'frontend', number> }> {
  const ports = { backend: await freePort(), llm: await freePort(), frontend: await freePort() };
  const svc = (name: 'backend' | 'llm' | 'frontend') => ({
    command: demoCommand(name),
    env: { PORT: String(ports[name]) },
    port: ports[name],
    health: { url: `http://127.0.0.1:${ports[name]}/health`, timeout: '1s' },
    start_timeout: '10s',
    stop_timeout: '3s',
  });
  const p = makeTempProject({
    ...opts,
    files: { 'llm.env': 'DASHSCOPE_API_KEY=sk-testkey1234567890abcdef\n', ...opts.files },
    services: {
      backend: svc('backend'),
      llm: { ...svc('llm'), env_file: 'llm.env', required_env: ['DASHSCOPE_API_KEY'], env: { PORT: String(ports.llm), LLM_PROVIDER: 'tongyi' } },
      frontend: { ...svc('frontend'), depends_on: ['backend'] },
      ...opts.services,
    },
  });
  onTestFinished(async () => {
    teach(p, ['stop', 'all']);
    await p.cleanup();
  });
  return { ...p, ports };
}

export function pidOf(p: TempProject, svc: string): number {
  const r = teach(p, ['status', svc, '--json']);
  const report = JSON.parse(r.stdout) as { services: { pid: number | null }[] };
  return report.services[0]!.pid!;
}

/** `teach run` as a child process: its combined output so far, a wait for a line, and its exit code on close. */
export interface Daemon {
  pid: number;
  output(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function runDaemon(p: TempProject): Daemon {
  const child = spawn(process.execPath, [CLI, 'run', '--config', p.config.file], { cwd: p.dir, env: cleanEnv() });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', r));
  return {
    pid: child.pid!,
    output: () => out,
    async waitFor(re, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!re.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    },
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return closed;
    },
  };
}
