/**
 * Start-up of the Slack part: no way connecting can fail stops `teach run` (issue 9: it used to exit, leaving the
 * services unsupervised): it says once, in one line naming the variable or URL to fix (never a stack trace), that
 * it supervises without Slack, and keeps running (retrying in the background); without credentials it runs and
 * says once how to connect.
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

/** `teach run` starts, names the problem in exactly one line, and keeps running; SIGTERM ends it with 0. */
async function keepsSupervisingWith(env: Record<string, string>, problem: RegExp): Promise<string> {
  bot = startBot(project, env);
  await bot.waitForOutput(/ready: watching the services/);
  const line = await bot.waitForOutput(problem);
  expect(bot.child.exitCode, 'teach run must keep supervising').toBeNull();
  const out = bot.output();
  expect(out).not.toMatch(/^\s+at /m); // no stack trace
  expect(out.split('\n').filter((l) => problem.test(l)), out).toHaveLength(1);
  expect(await bot.stop()).toBe(0);
  return line;
}

describe('teach run connecting to Slack', () => {
  it('names SLACK_BOT_TOKEN when Slack refuses the bot token, and keeps supervising', async () => {
    const line = await keepsSupervisingWith(slackEnv(standin, 'socket', { SLACK_BOT_TOKEN: 'xoxb-not-the-right-one' }), /Slack: cannot connect.*/);
    expect(line).toContain(`Slack: cannot connect (SLACK_BOT_TOKEN was refused by Slack (invalid_auth) at ${standin.apiUrl}). Supervising without Slack`);
  });

  it('names SLACK_APP_TOKEN when Slack refuses the app-level token, and keeps supervising', async () => {
    const line = await keepsSupervisingWith(slackEnv(standin, 'socket', { SLACK_APP_TOKEN: 'xapp-not-the-right-one' }), /Slack: cannot connect.*/);
    expect(line).toContain(`(SLACK_APP_TOKEN was refused by Slack (invalid_auth) at ${standin.apiUrl})`);
  });

  it('names the URL when nothing listens there, and keeps supervising', async () => {
    const url = `http://127.0.0.1:${await freePort()}/api/`;
    const line = await keepsSupervisingWith(slackEnv(standin, 'socket', { SLACK_API_URL: url }), /Slack: cannot connect.*/);
    expect(line).toContain(`(cannot reach Slack at ${url}: ECONNREFUSED)`);
  });

  it('gives up each attempt after the start-up timeout when Slack accepts but never answers, and keeps supervising', async () => {
    const silent: Server = createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const address = silent.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/`;
    try {
      const line = await keepsSupervisingWith(slackEnv(standin, 'socket', { SLACK_API_URL: url, TEACHOPS_SLACK_START_TIMEOUT: '2s' }), /Slack: cannot connect.*/);
      expect(line).toContain(`(Slack at ${url} did not answer auth.test within 2 s)`);
    } finally {
      silent.close();
    }
  });

  it('names the missing variable when only some are set, and supervises with Slack off', async () => {
    const line = await keepsSupervisingWith({ SLACK_BOT_TOKEN: standin.botToken }, /^.*error: SLACK_BOT_TOKEN is set.*$/m);
    expect(line).toMatch(/error: SLACK_BOT_TOKEN is set but SLACK_APP_TOKEN is not, so Slack cannot connect$/);
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
