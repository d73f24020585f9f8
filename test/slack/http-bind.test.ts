/**
 * HTTP mode listens on loopback unless HOST says otherwise: with HOST unset the bot answers on 127.0.0.1 and no
 * other address of the host reaches it.
 */
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandin } from '../support/slack-standin/index.js';
import { freePort, type TempProject } from '../support/temp-project.js';
import { slackEnv, slackProject, startBot, tearDown, type Bot } from './harness.js';
import { slackModeFromEnv } from '../../src/slack/mode.js';

let standin: SlackStandin;
let project: TempProject;
let bot: Bot;
let port: number;

function reachable(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  standin = await SlackStandin.start();
  project = slackProject();
  port = await freePort();
  const env = slackEnv(standin, 'http', { PORT: String(port) });
  delete (env as Record<string, string | undefined>).HOST;
  bot = startBot(project, env);
  await bot.waitForOutput(/Slack connected/);
}, 30_000);

afterAll(() => tearDown(bot, project, standin), 30_000);

describe('HTTP mode bind address', () => {
  it('defaults to 127.0.0.1 when HOST is unset', () => {
    const mode = slackModeFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(mode.kind === 'http' && mode.host).toBe('127.0.0.1');
    expect(bot.output()).toMatch(new RegExp(`HTTP mode on http://127\\.0\\.0\\.1:${port}/slack/events`));
  });

  it('answers on loopback and on no other address of the host', async () => {
    expect(await reachable('127.0.0.1')).toBe(true);
    const others = Object.values(networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4' && !i.internal).map((i) => i!.address);
    if (others.length === 0) console.warn('http-bind: this host has no non-loopback IPv4 address; only the loopback side was checked');
    for (const addr of others) expect(await reachable(addr), addr).toBe(false);
  });
});
