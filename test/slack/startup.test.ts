/**
 * Start-up of the Slack part: every way connecting can fail ends `teach run` with a non-zero exit and one line
 * naming the variable or URL to fix (never a stack trace, never a hang); without credentials it runs and says once
 * how to connect.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandin } from '../support/slack-standin/index.js';
import { freePort, type TempProject } from '../support/temp-project.js';
import { slackEnv, slackProject, startBot, type Bot } from './harness.js';

let standin: SlackStandin;
let project: TempProject;
let bot: Bot | undefined;

beforeAll(async () => {
  standin = await SlackStandin.start();
  // One service that is not started, so these runs touch no processes.
  project = slackProject({ services: { idle: { command: [process.execPath, '-e', ''], autostart: false } } });
});

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

afterAll(async () => {
  await project?.cleanup();
  await standin?.stop();
});

async function failsWith(env: Record<string, string>, timeoutMs = 15_000): Promise<string> {
  bot = startBot(project, env);
  const code = await Promise.race([bot.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), timeoutMs))]);
  expect(code, bot.output()).not.toBe('hung');
  expect(code).not.toBe(0);
  const out = bot.output();
  expect(out).not.toMatch(/^\s+at /m); // no stack trace
  const line = out.split('\n').find((l) => l.startsWith('error: '));
  expect(line, out).toBeDefined();
  return line!;
}

describe('teach run connecting to Slack', () => {
  it('names SLACK_BOT_TOKEN when Slack refuses the bot token', async () => {
    const line = await failsWith(slackEnv(standin, 'socket', { SLACK_BOT_TOKEN: 'xoxb-not-the-right-one' }));
    expect(line).toBe(`error: SLACK_BOT_TOKEN was refused by Slack (invalid_auth) at ${standin.apiUrl}`);
  });

  it('names SLACK_APP_TOKEN when Slack refuses the app-level token', async () => {
    const line = await failsWith(slackEnv(standin, 'socket', { SLACK_APP_TOKEN: 'xapp-not-the-right-one' }));
    expect(line).toBe(`error: SLACK_APP_TOKEN was refused by Slack (invalid_auth) at ${standin.apiUrl}`);
  });

  it('names the URL when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await freePort()}/api/`;
    const line = await failsWith(slackEnv(standin, 'socket', { SLACK_API_URL: url }));
    expect(line).toBe(`error: cannot reach Slack at ${url}: ECONNREFUSED`);
  });

  it('gives up after the start-up timeout when Slack accepts but never answers', async () => {
    const silent: Server = createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const address = silent.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/`;
    try {
      const t0 = Date.now();
      const line = await failsWith(slackEnv(standin, 'socket', { SLACK_API_URL: url, TEACHOPS_SLACK_START_TIMEOUT: '2s' }));
      expect(line).toBe(`error: Slack at ${url} did not answer auth.test within 2 s`);
      // It gives up (rather than retrying for the Web API client's 30 minutes); a generous bound, not a timing figure:
      // the 2-core test hosts run several suites at once.
      expect(Date.now() - t0).toBeLessThan(60_000);
    } finally {
      silent.close();
    }
  });

  it('names the missing variable when only some are set', async () => {
    const line = await failsWith({ SLACK_BOT_TOKEN: standin.botToken });
    expect(line).toBe('error: SLACK_BOT_TOKEN is set but SLACK_APP_TOKEN is not, so Slack cannot connect');
  });

  it('runs without Slack when nothing is set, says once how to connect it, and exits 0 on SIGTERM', async () => {
    bot = startBot(project, {});
    await bot.waitForOutput(/ready/);
    await new Promise((r) => setTimeout(r, 500));
    expect(bot.child.exitCode, 'teach run must keep running without Slack').toBeNull();
    const out = bot.output();
    expect(out.match(/Slack is not connected/g)).toHaveLength(1);
    expect(out).toContain('SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode)');
    expect(await bot.stop()).toBe(0);
  });
});
