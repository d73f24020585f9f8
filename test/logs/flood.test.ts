/**
 * Issue 9 "Logs under a flood": a service writing ~60 MB/s under `teach run` with Slack connected (the stand-in).
 * Every log generation stays about `max_size` plus one check's worth of writes, the folder stays bounded by `keep`,
 * and `/teach status` is acknowledged within Slack's 3 s deadline throughout (the stand-in rejects a later ack).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SlackStandin } from '../support/slack-standin/index.js';
import { fixtureCommand, type TempProject } from '../support/temp-project.js';
import { CHANNEL, slackEnv, slackProject, startBot, teach, tearDown, VISITOR, type Bot } from '../slack/harness.js';
import { folderSample, type FolderSample } from '../support/log-folder.js';

const MB = 1024 * 1024;
const MAX_SIZE = 20 * MB;
const KEEP = 3;
const RATE = 60 * MB;
const FLOOD_MS = 12_000;
/**
 * One check's worth is at most 1 s of writes (the scheduler's longest interval); two more seconds cover the copy
 * itself on a host busy with other work (measured here: 25-60 MB on a quiet host, up to ~120 MB at load 10 on 2
 * cores). Before the fix the live file grew by the whole flood (~700 MB).
 */
const GENERATION_BOUND = MAX_SIZE + 3 * RATE;

let standin: SlackStandin | undefined;
let project: TempProject | undefined;
let bot: Bot | undefined;
afterAll(() => tearDown(bot, project, standin), 60_000);

describe('a service flooding its log under teach run', () => {
  it('keeps every generation and the folder bounded and answers /teach status within the ack deadline', async () => {
    standin = await SlackStandin.start();
    project = slackProject({
      // started once the bot is up, as a service that begins flooding while teach run watches it
      services: { flood: { command: fixtureCommand('flood'), env: { FLOOD_MBPS: String(RATE / MB) }, autostart: false, restart: { policy: 'never' }, stop_timeout: '3s' } },
      raw: { log_rotation: { max_size: '20MB', keep: KEEP } },
    });
    bot = startBot(project, slackEnv(standin));
    await bot.waitForOutput(/Slack connected/, 30_000);
    expect((await teach(project, 'start', 'flood')).code).toBe(0);

    const samples: FolderSample[] = [];
    let acks = 0;
    const until = Date.now() + FLOOD_MS;
    const sampler = (async () => {
      while (Date.now() < until) {
        samples.push(folderSample(project!.logsDir, 'flood.log'));
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    while (Date.now() < until) {
      // slash() rejects when no ack arrives within 3 s, Slack's own deadline
      await standin.slash('status', { user: VISITOR, channel: CHANNEL });
      acks++;
      await new Promise((r) => setTimeout(r, 500));
    }
    await sampler;

    const largest = Math.max(...samples.map((s) => s.largestGeneration));
    const total = Math.max(...samples.map((s) => s.totalBytes));
    const generations = Math.max(...samples.map((s) => s.generations));
    const report = `largest generation ${(largest / MB).toFixed(1)} MB, folder up to ${(total / MB).toFixed(1)} MB, ${generations} generations`;
    expect(acks, report).toBeGreaterThanOrEqual(10);
    expect(generations, report).toBeGreaterThanOrEqual(2);
    expect(largest, report).toBeLessThanOrEqual(GENERATION_BOUND);
    expect(generations, report).toBeLessThanOrEqual(KEEP);
    // the live file, `keep` generations, and at most one copy and one compression in flight
    expect(total, report).toBeLessThanOrEqual((KEEP + 3) * GENERATION_BOUND);
    expect(bot.output()).toMatch(/rotated .*flood\.log/);
  }, 90_000);
});
