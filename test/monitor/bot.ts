/**
 * The bot as users run it: `node dist/cli/teach.js run` as a child process against the Slack stand-in, in a temp
 * project whose services are fixtures/http-service.mjs on free ports. Build first (`npm run build`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNEL, FIXTURE, OPERATOR, freePort } from './harness.js';
import type { SlackStandin } from '../support/slack-standin/index.js';

export const CLI = fileURLToPath(new URL('../../dist/cli/teach.js', import.meta.url));

export interface ServiceSpec {
  name: string;
  autostart?: boolean;
  restart?: string;
  env?: Record<string, string>;
}

export interface Project {
  root: string;
  configFile: string;
  ports: Record<string, number>;
  env: NodeJS.ProcessEnv;
  pidOf(service: string): number | undefined;
  /** `teach <args>` as a separate process (like an operator at the host); resolves with its output */
  teach(...args: string[]): { code: number | null; out: string };
  close(): void;
}

/** `alerts`: extra keys of the alerts section, e.g. `announce_cli: false` */
export async function project(slack: SlackStandin, services: ServiceSpec[], o: { alerts?: string } = {}): Promise<Project> {
  const root = mkdtempSync(join(tmpdir(), 'teachops-bot-'));
  mkdirSync(join(root, 'config'));
  const ports: Record<string, number> = {};
  for (const s of services) ports[s.name] = await freePort();
  const yaml = services
    .map(
      (s) => `  ${s.name}:
    command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(FIXTURE)}]
    env: ${JSON.stringify({ PORT: String(ports[s.name]), ...s.env })}
    port: ${ports[s.name]}
    health: { url: "http://127.0.0.1:${ports[s.name]}/health", timeout: 1s }
    autostart: ${s.autostart ?? true}
    stop_timeout: 2s
    restart: ${s.restart ?? '{ policy: on-failure, backoff: 200ms, backoff_max: 1s }'}`,
    )
    .join('\n');
  const configFile = join(root, 'config', 'services.yaml');
  writeFileSync(
    configFile,
    `name: Bot test
logs_dir: ../logs
services:
${yaml}
monitor: { interval: 1s, for: 3, thresholds: { cpu_percent: 100, memory_percent: 100, disk_percent: 100 } }
alerts: { channel: ${CHANNEL}, repeat_after: 1h, escalate_to: ["<!subteam^S0ONCALL>"]${o.alerts ? `, ${o.alerts}` : ''} }
access: { operators: [${OPERATOR}] }
`,
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    TEACHOPS_SLACK_PING_TIMEOUT: '2s',
  };
  const pidFile = (s: string) => join(root, 'logs', 'pids', `${s}.pid`);
  return {
    root,
    configFile,
    ports,
    env,
    pidOf(service) {
      try {
        return (JSON.parse(readFileSync(pidFile(service), 'utf8')) as { pid: number }).pid;
      } catch {
        return undefined;
      }
    },
    teach(...args) {
      const r = spawnSync(process.execPath, [CLI, ...args, '-c', configFile], { cwd: root, env: { ...env, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' }, encoding: 'utf8', timeout: 30_000 });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    },
    close() {
      spawnSync(process.execPath, [CLI, 'stop', 'all', '-c', configFile], { cwd: root, env, timeout: 30_000 });
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface Bot {
  child: ChildProcess;
  output(): string;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** SIGKILL (no shutdown at all) or SIGTERM (a clean stop); resolves once it has exited */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startBot(p: Project): Promise<Bot> {
  const child = spawn(process.execPath, [CLI, 'run', '-c', p.configFile], { cwd: p.root, env: p.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const bot: Bot = {
    child,
    output: () => out,
    async waitFor(text, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(typeof text === 'string' ? out.includes(text) : text.test(out))) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`bot: no "${String(text)}" (exit ${child.exitCode}). Output:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  await bot.waitFor('ready: watching the services');
  return bot;
}
