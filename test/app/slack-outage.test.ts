/**
 * `teach run` never stops supervising because of Slack (issue 9), as a user runs it: the CLI daemon as a child
 * process against the Slack stand-in. Slack down at start-up, or refusing the token: the daemon says so once,
 * keeps supervising and alerting on the console and in logs/monitor.log, `teach status` / `teach doctor` say why,
 * and once Slack answers (or accepts the token) it connects and delivers what waited, in order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackStandin, type StoredMessage } from '../support/slack-standin/index.js';
import type { TempProject } from '../support/temp-project.js';
import { until } from '../monitor/harness.js';
import { demoServices, hostStatus, OPERATOR, slackEnv, slackProject, startBot, tearDown, teach, type Bot } from '../slack/harness.js';

const CHANNEL = 'COUTAGE';
let standin: SlackStandin | undefined;
let project: TempProject | undefined;
let bot: Bot | undefined;

afterEach(async () => {
  await tearDown(bot, project, standin);
  bot = standin = project = undefined;
});

async function setUp(): Promise<{ standin: SlackStandin; project: TempProject }> {
  standin = await SlackStandin.start({ channels: { [CHANNEL]: 'ops' } });
  const services = await demoServices(['backend']);
  project = slackProject({
    services,
    raw: { alerts: { channel: CHANNEL, repeat_after: '1h' }, monitor: { interval: '1s', thresholds: { cpu_percent: 100, memory_percent: 100, disk_percent: 100 } } },
  });
  return { standin, project };
}

const isAlert = (re: RegExp) => (m: StoredMessage) => m.thread_ts === undefined && re.test(m.text ?? '');
/** The daemon prints a line, then appends it to logs/monitor.log: wait for the file rather than race it. */
const inMonitorLog = (p: TempProject, re: RegExp) => {
  const file = join(p.logsDir, 'monitor.log');
  return until(() => existsSync(file) && re.test(readFileSync(file, 'utf8')), `${re} in ${file}`);
};

async function killBackend(p: TempProject): Promise<void> {
  const pid = (await hostStatus(p)).backend!.pid!;
  process.kill(pid, 'SIGKILL');
}

describe('teach run when Slack is not there at start-up', () => {
  it('Slack down: supervises and alerts on the console, then connects and delivers the alert to Slack', async () => {
    const { standin, project } = await setUp();
    standin.setDown(true);
    bot = startBot(project, slackEnv(standin, 'socket', { TEACHOPS_SLACK_START_TIMEOUT: '3s' }));
    await bot.waitForOutput(/ready: watching the services/);
    expect(bot.output()).toMatch(/Slack: cannot connect \(.*\)\. Supervising without Slack/);
    await killBackend(project);
    await bot.waitForOutput(/\[alert #1\] Firing: backend is down/);
    await inMonitorLog(project, /\[alert #1\] Firing: backend is down/);
    expect(standin.messages(CHANNEL)).toHaveLength(0);
    expect((await teach(project, 'status')).stdout).toMatch(/Slack not reachable since .*: alerts are on the console/);

    standin.setDown(false);
    await bot.waitForOutput(/Slack connected as/, 30_000);
    const alert = await standin.waitForMessage(CHANNEL, isAlert(/backend is down/), { timeoutMs: 30_000 });
    expect(standin.messages(CHANNEL).filter(isAlert(/backend is down/))).toHaveLength(1);
    // /teach works once connected
    const sent = await standin.slash('status', { user: OPERATOR, channel: CHANNEL });
    expect(sent.ack.ms).toBeLessThan(3000);
    await standin.waitForMessage(CHANNEL, (m) => /down: backend/.test(m.text ?? ''));
    expect(alert.ts).toBeDefined();
    expect(bot.output().match(/Slack: cannot connect/g)).toHaveLength(1);
    expect((await teach(project, 'status')).stdout).not.toMatch(/Slack not reachable/);
    expect(bot.child.exitCode).toBeNull();
  });

  it('token revoked: status and doctor say so, alerts are on the console; once the token works, delivery resumes and nothing is lost', async () => {
    const { standin, project } = await setUp();
    standin.refuseBotToken({ error: 'token_revoked' });
    bot = startBot(project, slackEnv(standin, 'socket', { TEACHOPS_SLACK_START_TIMEOUT: '3s' }));
    await bot.waitForOutput(/ready: watching the services/);
    expect(bot.output()).toContain('Slack: cannot connect (SLACK_BOT_TOKEN was refused by Slack (token_revoked)');

    const status = await teach(project, 'status');
    expect(status.stdout).toMatch(/Slack token revoked since .*: alerts are on the console and in logs\/monitor\.log/);
    const doctor = await teach(project, 'doctor');
    expect(doctor.stdout).toMatch(/! slack: Slack token revoked since/);
    expect(doctor.stdout).toContain('check SLACK_BOT_TOKEN');

    await killBackend(project);
    await bot.waitForOutput(/\[alert #1\] Firing: backend is down/);
    await bot.waitForOutput(/Slack refused the bot token \(token_revoked\)/);
    await inMonitorLog(project, /\[alert #1\] Firing: backend is down/);
    expect(standin.messages(CHANNEL)).toHaveLength(0);

    standin.acceptBotToken();
    const alert = await standin.waitForMessage(CHANNEL, isAlert(/backend is down/), { timeoutMs: 30_000 });
    await standin.waitForMessage(CHANNEL, isAlert(/Slack delivery was stopped from .* \(token_revoked\)/), { timeoutMs: 15_000 });
    expect(standin.messages(CHANNEL).filter(isAlert(/backend is down/))).toHaveLength(1);
    expect(alert.ts).toBeDefined();
    const out = bot.output();
    expect(out.match(/Slack refused the bot token/g)).toHaveLength(1);
    expect((await teach(project, 'status')).stdout).not.toMatch(/Slack token revoked/);
  });
});
