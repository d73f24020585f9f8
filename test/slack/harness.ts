/**
 * The bot under test: `teach run` as a child process (node dist/cli/teach.js run --config ...) in a temp project,
 * pointed at the Slack stand-in with SLACK_API_URL, with demo services on free ports. Tests talk to it only
 * through the stand-in (real Bolt receivers) and the `teach` CLI, the way a user would.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { demoCommand, freePort, makeTempProject, repoRoot, type RawServiceInput, type TempProject } from '../support/temp-project.js';
import { checkBlockKitLimits, type SlackStandin } from '../support/slack-standin/index.js';

const execFileAsync = promisify(execFile);
export const CLI = join(repoRoot, 'dist', 'cli', 'teach.js');

export const OPERATOR = 'UOPERATOR1';
export const VISITOR = 'UVISITOR1';
export const CHANNEL = 'COPS';

export type DemoName = 'backend' | 'llm' | 'frontend';

export async function demoServices(names: DemoName[]): Promise<Record<string, RawServiceInput>> {
  const out: Record<string, RawServiceInput> = {};
  for (const name of names) {
    const port = await freePort();
    out[name] = {
      command: demoCommand(name),
      // demo/llm.mjs refuses to start without a key, like the real one; a fake one lets it start.
      env: { PORT: String(port), ...(name === 'llm' ? { DASHSCOPE_API_KEY: 'demo-key-not-real-0000' } : {}) },
      port,
      health: { url: `http://127.0.0.1:${port}/health`, timeout: '2s' },
      start_timeout: '10s',
      stop_timeout: '3s',
      restart: { policy: 'never' },
    };
  }
  return out;
}

export interface ProjectOptions {
  services?: Record<string, RawServiceInput>;
  operators?: string[];
  raw?: Record<string, unknown>;
}

/** A temp project whose services.yaml the child reads and whose Config/store the test can use too. */
export function slackProject(o: ProjectOptions = {}): TempProject {
  const raw = { name: 'Teaching stack (test)', access: { operators: o.operators ?? [OPERATOR], channels: [] }, ...o.raw };
  const services = o.services ?? {};
  return makeTempProject({ services, raw, files: { 'services.yaml': stringify({ logs_dir: 'logs', ...raw, services }) } });
}

export interface Bot {
  child: ChildProcess;
  output(): string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<number | null>;
}

/** Environment for the child: nothing Slack-related inherited from the test runner, only what the test sets. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|TEACHOPS_|PORT$|HOST$)/.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

export function slackEnv(standin: SlackStandin, mode: 'socket' | 'http' = 'socket', extra: Record<string, string> = {}): Record<string, string> {
  const base = { SLACK_API_URL: standin.apiUrl, SLACK_BOT_TOKEN: standin.botToken, TEACHOPS_SLACK_START_TIMEOUT: '8s' };
  return mode === 'socket'
    ? { ...base, SLACK_APP_TOKEN: standin.appToken, TEACHOPS_SLACK_PING_TIMEOUT: '1s', ...extra }
    : { ...base, SLACK_SIGNING_SECRET: standin.signingSecret, HOST: '127.0.0.1', ...extra };
}

export function startBot(project: TempProject, env: Record<string, string>): Bot {
  const child = spawn(process.execPath, [CLI, 'run', '--config', join(project.dir, 'services.yaml')], {
    cwd: project.dir,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => {
    for (const w of waiters) w();
  });
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  return {
    child,
    output: () => out,
    exited,
    waitForOutput(re, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out waiting for ${re} in the bot's output:\n${out}`)), timeoutMs);
        const check = () => {
          const m = re.exec(out);
          if (m) return done(undefined, m[0]);
          if (exitCode !== undefined) done(new Error(`the bot exited (${exitCode}) before printing ${re}:\n${out}`));
        };
        const done = (e?: Error, v?: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (e) reject(e);
          else resolve(v!);
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** `teach <args> --config ...` in the project (the CLI the operator has on the host). */
export async function teach(project: TempProject, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await execFileAsync(process.execPath, [CLI, ...args, '--config', join(project.dir, 'services.yaml')], { cwd: project.dir, env: childEnv({}) });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; code?: number };
    return { stdout: x.stdout ?? '', stderr: x.stderr ?? '', code: typeof x.code === 'number' ? x.code : 1 };
  }
}

export interface AuditJson {
  source: string;
  actor: string;
  channel: string | null;
  action: string;
  args: Record<string, unknown> | null;
  outcome: string;
  detail: string | null;
  duration_ms: number;
}

export async function auditRows(project: TempProject): Promise<AuditJson[]> {
  const r = await teach(project, 'audit', '--json', '-n', '500');
  return JSON.parse(r.stdout) as AuditJson[];
}

/** What `teach status --json` says about each service (the operator's view on the host). */
export async function hostStatus(project: TempProject): Promise<Record<string, { state: string; pid: number | null }>> {
  const r = await teach(project, 'status', '--json');
  const report = JSON.parse(r.stdout) as { services: { name: string; state: string; pid: number | null }[] };
  return Object.fromEntries(report.services.map((s) => [s.name, { state: s.state, pid: s.pid }]));
}

/** Every message and ephemeral the stand-in holds, with all their versions, within Slack's Block Kit limits. */
export function blockKitProblems(standin: SlackStandin, channels: string[]): string[] {
  const problems: string[] = [];
  const check = (what: string, content: { text?: string; blocks?: unknown[] }) => {
    for (const p of checkBlockKitLimits(content)) problems.push(`${what}: ${p}`);
  };
  for (const ch of channels) {
    for (const m of standin.messages(ch)) {
      check(`message ${m.ts}`, m);
      m.edits.forEach((v, i) => check(`message ${m.ts} version ${i}`, v));
    }
  }
  for (const e of standin.ephemerals()) check(`ephemeral ${e.ts}`, e);
  for (const r of standin.rejections()) problems.push(`rejected ${r.method}: ${r.error} ${r.problems.join('; ')}`);
  return problems;
}

/** Teardown shared by the suites that run one bot against one stand-in: the bot, the services it started, the rest. */
export async function tearDown(bot: Bot | undefined, project: TempProject | undefined, standin: SlackStandin | undefined): Promise<void> {
  await bot?.stop();
  if (project) {
    await teach(project, 'stop', 'all');
    await project.cleanup();
  }
  await standin?.stop();
}
