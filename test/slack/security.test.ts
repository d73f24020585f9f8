/**
 * Slack as an attacker would use it, end to end (`teach run` against the stand-in, Socket Mode):
 * - a non-operator's `/teach monitor` and `/teach report` (message and uploaded file) carry no secret of the table,
 *   nor a value known only from the bot's environment;
 * - Cancel on an operator's confirmation sent by a third user is refused and audited, and the question still works;
 * - a forged Confirm payload from a non-operator is refused and audited before anything runs.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandin, type StoredEphemeral } from '../support/slack-standin/index.js';
import { blockActionsPayload, findElement } from '../support/slack-standin/payloads.js';
import type { TempProject } from '../support/temp-project.js';
import { auditRows, CHANNEL, demoServices, hostStatus, OPERATOR, slackEnv, slackProject, startBot, tearDown, VISITOR, type Bot } from './harness.js';
import { SECRET_LINES } from '../util/redact-table.js';

const STRANGER = 'USTRANGER1';
const ENV_ONLY = 'botEnvOnlyValue-5566';

let standin: SlackStandin;
let project: TempProject;
let bot: Bot;

const textOf = (m: { text?: string; blocks?: unknown[] }) => `${m.text ?? ''}\n${JSON.stringify(m.blocks ?? [])}`;

function expectClean(what: string, text: string): void {
  for (const c of SECRET_LINES) expect(text, `${what}: ${c.name}`).not.toContain(c.secret);
  expect(text, `${what}: value from the environment`).not.toContain(ENV_ONLY);
}

beforeAll(async () => {
  standin = await SlackStandin.start();
  project = slackProject({ services: await demoServices(['backend']) });
  const lines: string[] = [];
  for (let i = 0; i < SECRET_LINES.length; i += 4) lines.push(`ERROR ${SECRET_LINES.slice(i, i + 4).map((c) => c.line).join(' | ')}`);
  lines.push(`ERROR upstream refused ${ENV_ONLY}`);
  appendFileSync(join(project.logsDir, 'backend.log'), `${lines.join('\n')}\n`);
  bot = startBot(project, slackEnv(standin, 'socket', { UPSTREAM_API_TOKEN: ENV_ONLY }));
  await bot.waitForOutput(/Slack connected/);
}, 30_000);

afterAll(() => tearDown(bot, project, standin), 30_000);

/** The block_actions payload Slack would send if `user` pressed `actionId` on `eph` (which only its owner sees). */
function forgedClick(eph: StoredEphemeral, actionId: string, user: string) {
  const found = findElement(eph.blocks, actionId)!;
  return blockActionsPayload(standin.settings, {
    user: { id: user, name: user.toLowerCase() }, channel: CHANNEL, channelName: CHANNEL, messageTs: eph.ts, isEphemeral: true,
    found, responseUrl: standin.createResponseUrl(CHANNEL, user), triggerId: standin.issueTriggerId(user),
  });
}

describe('Slack security', () => {
  it('a non-operator\'s /teach monitor and /teach report (file included) carry no secret', async () => {
    const t0 = Date.now();
    await standin.slash('monitor', { user: VISITOR, channel: CHANNEL });
    const monitor = await standin.waitForMessage(CHANNEL, (m) => m.postedAt >= t0 && /full monitoring view/.test(m.text ?? ''), { timeoutMs: 15_000 });
    expectClean('/teach monitor', textOf(monitor));
    expect(textOf(monitor)).toContain('[redacted]');

    await standin.slash('report', { user: VISITOR, channel: CHANNEL });
    await standin.waitForMessage(CHANNEL, (m) => m.postedAt >= t0 && /monitoring report/.test(m.text ?? ''), { timeoutMs: 15_000 });
    const file = await standin.waitFor(() => standin.files().find((f) => f.completed && f.channel === CHANNEL), { what: 'the uploaded report', timeoutMs: 10_000 });
    const content = file.content?.toString() ?? '';
    expect(content).toContain('[redacted]');
    expectClean('uploaded report', content);
    for (const m of standin.messages(CHANNEL)) expectClean(`message ${m.ts}`, textOf(m));
  });

  it('refuses Cancel from a third user and a forged Confirm from a non-operator, audits both, changes nothing', async () => {
    const t0 = Date.now();
    await standin.slash('stop backend', { user: OPERATOR, channel: CHANNEL });
    const question = await standin.waitForEphemeral(OPERATOR, (e) => e.postedAt >= t0 && /Stop backend\?/.test(textOf(e)), { timeoutMs: 8000 });
    const pid = (await hostStatus(project)).backend!.pid;

    await standin.sendEnvelope('interactive', forgedClick(question, 'teach.lifecycle.cancel', STRANGER));
    await standin.waitForEphemeral(STRANGER, (e) => /Only <@UOPERATOR1>, who asked, or an operator/.test(e.text ?? ''), { timeoutMs: 8000 });
    await standin.sendEnvelope('interactive', forgedClick(question, 'teach.lifecycle.confirm', VISITOR));
    await standin.waitForEphemeral(VISITOR, (e) => e.postedAt >= t0 && /Only operators can do that/.test(e.text ?? ''), { timeoutMs: 8000 });

    const rows = (await auditRows(project)).filter((r) => r.action === 'slack.click');
    expect(rows).toContainEqual(expect.objectContaining({ actor: STRANGER, outcome: 'refused', args: expect.objectContaining({ action_id: 'teach.lifecycle.cancel' }) }));
    expect(rows).toContainEqual(expect.objectContaining({ actor: VISITOR, outcome: 'refused', args: expect.objectContaining({ action_id: 'teach.lifecycle.confirm' }) }));
    expect((await hostStatus(project)).backend).toEqual({ state: 'running', pid });

    // The question was not used up: its owner can still answer it.
    await standin.click(CHANNEL, question.ts, 'teach.lifecycle.cancel', { user: OPERATOR });
    await standin.waitForEphemeral(OPERATOR, (e) => /Cancelled/i.test(textOf(e)), { timeoutMs: 8000 });
    expect((await hostStatus(project)).backend!.pid).toBe(pid);
  });
});
