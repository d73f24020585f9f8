/**
 * HTTP mode: with SLACK_SIGNING_SECRET instead of SLACK_APP_TOKEN the bot serves /slack/events and answers only
 * requests signed with the secret; a forged signature is refused before anything runs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandin } from '../support/slack-standin/index.js';
import { freePort, type TempProject } from '../support/temp-project.js';
import { auditRows, blockKitProblems, CHANNEL, demoServices, OPERATOR, slackEnv, slackProject, startBot, tearDown, VISITOR, type Bot } from './harness.js';

let standin: SlackStandin;
let project: TempProject;
let bot: Bot;
let url: string;

beforeAll(async () => {
  standin = await SlackStandin.start();
  project = slackProject({ services: await demoServices(['backend']) });
  const port = await freePort();
  url = `http://127.0.0.1:${port}/slack/events`;
  bot = startBot(project, slackEnv(standin, 'http', { PORT: String(port) }));
  await bot.waitForOutput(/Slack connected .*HTTP mode on http:\/\/127\.0\.0\.1:\d+\/slack\/events/);
}, 30_000);

afterAll(() => tearDown(bot, project, standin), 30_000);

afterEach(() => {
  expect(blockKitProblems(standin, [CHANNEL])).toEqual([]);
});

describe('/teach over HTTP', () => {
  it('answers a correctly signed command and click', async () => {
    const t0 = Date.now();
    const sent = await standin.slash('status', { user: VISITOR, channel: CHANNEL, via: { httpUrl: url } });
    expect(sent.ack.status).toBe(200);
    expect(sent.ack.ms).toBeLessThan(3000);
    const msg = await standin.waitForMessage(CHANNEL, (m) => m.postedAt >= t0 && /status: all services are up/.test(m.text ?? ''));
    const click = await standin.click(CHANNEL, msg.ts, 'teach.status.refresh', { user: VISITOR, via: { httpUrl: url } });
    expect(click?.ack.status).toBe(200);
    await standin.waitFor(() => standin.messages(CHANNEL).find((m) => m.ts === msg.ts && m.edits.length > 0), { what: 'the refreshed status' });
  });

  it('refuses a forged signature: 401, nothing posted, nothing run', async () => {
    const before = standin.messages(CHANNEL).length;
    const sent = await standin.slash('restart backend', { user: OPERATOR, channel: CHANNEL, via: { httpUrl: url, secret: 'not-the-signing-secret' } });
    expect(sent.ack.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(standin.messages(CHANNEL)).toHaveLength(before);
    expect((await auditRows(project)).filter((r) => r.actor === OPERATOR)).toEqual([]);
  });
});
