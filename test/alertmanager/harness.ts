/**
 * `teach run` as Alertmanager's receiver: the bot as a child process (the Slack stand-in for Slack), its metrics
 * listener on a free port serving POST /alertmanager, the webhook token in its environment, and a demo service
 * `backend` so alerts can name a service of this host. Tests talk to it over HTTP, the stand-in and the CLI.
 */
import { freePort, type TempProject } from '../support/temp-project.js';
import type { SlackStandin, StoredMessage } from '../support/slack-standin/index.js';
import { CHANNEL, demoServices, OPERATOR, slackEnv, slackProject, startBot, teach, type Bot } from '../slack/harness.js';

export const TOKEN = 'test-webhook-token-0123456789abcdef';
export const HOST = 'teachops-test-host';
export { CHANNEL, OPERATOR };

export interface AmBot {
  project: TempProject;
  bot: Bot;
  /** the metrics listener's port (POST /alertmanager) */
  port: number;
  url: string;
}

export async function startAmBot(standin: SlackStandin, env: Record<string, string> = {}, o: { services?: boolean } = {}): Promise<AmBot> {
  const port = await freePort();
  const project = slackProject({
    services: o.services === false ? {} : await demoServices(['backend']),
    raw: {
      alerts: { channel: CHANNEL, repeat_after: '1h', escalate_to: ['<!subteam^S0ONCALL>'] },
      metrics: { listen: `127.0.0.1:${port}`, host: HOST },
      monitor: { interval: '1s' },
    },
  });
  const bot = startBot(project, slackEnv(standin, 'socket', { TEACHOPS_WEBHOOK_TOKEN: TOKEN, ...env }));
  await bot.waitForOutput(/Slack connected/);
  await bot.waitForOutput(/ready: watching the services/);
  return { project, bot, port, url: `http://127.0.0.1:${port}/alertmanager` };
}

export async function post(url: string, body: unknown, o: { token?: string | null; raw?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const token = o.token === undefined ? TOKEN : o.token;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null ? { authorization: `Bearer ${token}` } : {}), ...o.headers },
    body: o.raw ?? JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** What a reader sees of a message: its text and every text of its blocks. */
export const seen = (m: { text?: string; blocks?: unknown[] }): string => `${m.text ?? ''}\n${JSON.stringify(m.blocks ?? [])}`;

/** The elements of a message's actions blocks (buttons and the Silence select). */
export const controls = (m: StoredMessage): { type: string; action_id: string; text?: { text: string } }[] =>
  ((m.blocks ?? []) as { type: string; elements?: never[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

export interface AlertJson {
  id: number;
  key: string;
  state: string;
  service: string | null;
  silence: string | null;
  source: string;
  alertmanager?: { fingerprint: string; silence_id: string | null; labels: Record<string, string> };
}

export async function alertsJson(project: TempProject, all = false): Promise<AlertJson[]> {
  const r = await teach(project, 'alerts', '--json', ...(all ? ['--all'] : []));
  return JSON.parse(r.stdout) as AlertJson[];
}
