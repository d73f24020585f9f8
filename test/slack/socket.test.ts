/**
 * `/teach` over Socket Mode, end to end: `teach run` as a child process against the Slack stand-in, real demo
 * services on free ports. One bot serves the whole file (starting one costs seconds); each test leaves the
 * services running and healthy for the next, and every message produced is checked against Block Kit limits.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandin, type StoredEphemeral, type StoredMessage } from '../support/slack-standin/index.js';
import type { TempProject } from '../support/temp-project.js';
import { auditRows, blockKitProblems, CHANNEL, demoServices, hostStatus, OPERATOR, slackEnv, slackProject, startBot, teach, VISITOR, tearDown, type Bot } from './harness.js';

let standin: SlackStandin;
let project: TempProject;
let bot: Bot;

const textOf = (m: { text?: string; blocks?: unknown[] }) => `${m.text ?? ''}\n${JSON.stringify(m.blocks ?? [])}`;
const ephemeralFor = (user: string, re: RegExp, after = 0) =>
  standin.waitForEphemeral(user, (e) => e.postedAt >= after && re.test(textOf(e)), { timeoutMs: 8000, what: `an ephemeral matching ${re}` });
const messageMatching = (re: RegExp, after = 0, timeoutMs = 15_000) =>
  standin.waitForMessage(CHANNEL, (m) => m.postedAt >= after && re.test(m.text ?? ''), { timeoutMs, what: `a message matching ${re}` });

beforeAll(async () => {
  standin = await SlackStandin.start();
  project = slackProject({ services: await demoServices(['backend', 'llm']) });
  bot = startBot(project, slackEnv(standin));
  await bot.waitForOutput(/Slack connected/);
}, 30_000);

afterAll(() => tearDown(bot, project, standin), 30_000);

afterEach(() => {
  expect(blockKitProblems(standin, [CHANNEL])).toEqual([]);
});

describe('/teach over Socket Mode', () => {
  it('answers status in the channel within the ack deadline, and Refresh updates the same message', async () => {
    const t0 = Date.now();
    const sent = await standin.slash('status', { user: VISITOR, channel: CHANNEL });
    expect(sent.ack.ms).toBeLessThan(3000);
    const msg = await messageMatching(/: status: all services are up/, t0);
    const host = await hostStatus(project);
    expect(msg.text).toContain(`backend: running (pid ${host.backend!.pid})`);
    expect(msg.text).toContain(`llm: running (pid ${host.llm!.pid})`);
    expect(textOf(msg)).toMatch(/Health\*\\nok, \d+ ms/);
    expect(textOf(msg)).not.toContain('teach.status.restart');

    await standin.click(CHANNEL, msg.ts, 'teach.status.refresh', { user: VISITOR });
    await standin.waitFor(() => standin.messages(CHANNEL).find((m) => m.ts === msg.ts && m.edits.length > 0), { what: 'the refreshed status' });
  });

  it('answers twenty /teach status sent at once, each in the channel with the same view, and audits each', async () => {
    const t0 = Date.now();
    const users = Array.from({ length: 20 }, (_, i) => `USTATUS${String(i).padStart(2, '0')}`);
    await Promise.all(users.map((user) => standin.slash('status', { user, channel: CHANNEL })));
    const answers = () => standin.messages(CHANNEL).filter((m) => m.postedAt >= t0 && /: status: /.test(m.text ?? ''));
    await standin.waitFor(() => (answers().length >= users.length ? true : undefined), { timeoutMs: 20_000, what: 'twenty status messages' });
    const host = await hostStatus(project);
    for (const m of answers()) {
      expect(m.text).toContain(`backend: running (pid ${host.backend!.pid})`);
      expect(m.text).toContain(`llm: running (pid ${host.llm!.pid})`);
      expect(textOf(m)).toMatch(/Health\*\\nok, \d+ ms/);
    }
    const rows = (await auditRows(project)).filter((r) => users.includes(r.actor) && r.action === 'slack.command');
    expect(rows.map((r) => [r.actor, r.args, r.outcome]).sort()).toEqual(users.map((u) => [u, { text: '/teach status' }, 'ok']).sort());
  });

  it('answers an unknown command with the help and the closest command, and an unknown service with the valid ones', async () => {
    const t0 = Date.now();
    await standin.slash('restrat llm', { user: OPERATOR, channel: CHANNEL });
    const help = await ephemeralFor(OPERATOR, /Did you mean `restart`/, t0);
    expect(textOf(help)).toContain('/teach logs <service> [lines]');

    await standin.slash('status lm', { user: VISITOR, channel: CHANNEL });
    const unknown = await ephemeralFor(VISITOR, /unknown service/, t0);
    expect(unknown.text).toContain('Valid services: backend, llm, all');
    expect(unknown.text).toContain('Did you mean "llm"?');
  });

  it('refuses a restart by a non-operator, leaves the service alone and audits the refusal', async () => {
    const before = await hostStatus(project);
    const t0 = Date.now();
    await standin.slash('restart llm', { user: VISITOR, channel: CHANNEL });
    const refusal = await ephemeralFor(VISITOR, /Only operators can do that/, t0);
    expect(refusal.text).toContain(`<@${OPERATOR}>`);
    expect((await hostStatus(project)).llm!.pid).toBe(before.llm!.pid);
    const rows = await auditRows(project);
    expect(rows).toContainEqual(
      expect.objectContaining({ source: 'slack', actor: VISITOR, channel: CHANNEL, action: 'slack.command', args: { text: '/teach restart llm' }, outcome: 'refused' }),
    );
  });

  it('restarts a service for an operator: progress in place, then the result; the pid changes and it is healthy', async () => {
    const before = await hostStatus(project);
    const t0 = Date.now();
    await standin.slash('restart llm', { user: OPERATOR, channel: CHANNEL });
    const done = await messageMatching(/^llm restarted, healthy in \d/, t0);
    expect(done.edits[0]?.text).toBe(`Restarting llm... (requested by <@${OPERATOR}>)`);
    const after = await hostStatus(project);
    expect(after.llm!.state).toBe('running');
    expect(after.llm!.pid).not.toBe(before.llm!.pid);
    expect(done.text).toContain(`pid ${after.llm!.pid}`);
    const rows = await auditRows(project);
    expect(rows).toContainEqual(expect.objectContaining({ actor: OPERATOR, action: 'slack.command', args: { text: '/teach restart llm' }, outcome: 'ok' }));
  });

  it('asks before a stop; a double click on Confirm stops once and tells the second click who did it', async () => {
    const t0 = Date.now();
    await standin.slash('stop llm', { user: OPERATOR, channel: CHANNEL });
    const question = await ephemeralFor(OPERATOR, /Stop llm\?/, t0);
    const confirmButton = JSON.stringify(question.blocks);
    expect(confirmButton).toContain('"confirm":{"title"');
    expect((await hostStatus(project)).llm!.state).toBe('running');

    const clicks = await Promise.all([0, 1].map(() => standin.click(CHANNEL, question.ts, 'teach.lifecycle.confirm', { user: OPERATOR })));
    expect(clicks.every((c) => c !== undefined && c.ack.ms < 3000)).toBe(true);
    await messageMatching(/^llm stopped in/, t0);
    await ephemeralFor(OPERATOR, new RegExp(`Already done by <@${OPERATOR}>`), t0);
    expect((await hostStatus(project)).llm!.state).toBe('stopped');
    expect(standin.messages(CHANNEL).filter((m) => m.postedAt >= t0 && /^Stopping llm/.test(m.edits[0]?.text ?? ''))).toHaveLength(1);

    // start of one service needs no confirmation
    const t1 = Date.now();
    await standin.slash('start llm', { user: OPERATOR, channel: CHANNEL });
    await messageMatching(/^llm started, healthy in/, t1);
  });

  it('answers a click on a stale Restart button with the current state and does nothing', async () => {
    await teach(project, 'stop', 'llm');
    const t0 = Date.now();
    await standin.slash('status', { user: VISITOR, channel: CHANNEL });
    const msg = await messageMatching(/down: llm/, t0);
    expect(textOf(msg)).toContain('Restart llm');
    await teach(project, 'start', 'llm'); // someone fixed it from the host meanwhile
    const pid = (await hostStatus(project)).llm!.pid;

    await standin.click(CHANNEL, msg.ts, 'teach.status.restart', { user: OPERATOR });
    const answer: StoredEphemeral = await ephemeralFor(OPERATOR, /This button is out of date/, t0);
    expect(answer.text).toContain(`llm: running (pid ${pid})`);
    expect((await hostStatus(project)).llm!.pid).toBe(pid);
  });

  it('restarts once on a double click of a Restart button, and refreshes the status message', async () => {
    await teach(project, 'stop', 'llm');
    const t0 = Date.now();
    await standin.slash('status llm', { user: VISITOR, channel: CHANNEL });
    const msg = await messageMatching(/down: llm/, t0);
    await Promise.all([0, 1].map(() => standin.click(CHANNEL, msg.ts, 'teach.status.restart', { user: OPERATOR })));
    await messageMatching(/^llm restarted, healthy in/, t0);
    await ephemeralFor(OPERATOR, /Already done by/, t0);
    const refreshed: StoredMessage = await standin.waitFor(() => standin.messages(CHANNEL).find((m) => m.ts === msg.ts && /all services are up/.test(m.text ?? '')), {
      what: 'the status message refreshed after the restart',
    });
    expect(refreshed.edits.length).toBeGreaterThan(0);
    expect(standin.messages(CHANNEL).filter((m) => m.postedAt >= t0 && /^Restarting llm/.test(m.edits[0]?.text ?? ''))).toHaveLength(1);
  });

  it('shows logs to operators only, redacted, with the error summary', async () => {
    const t0 = Date.now();
    await standin.slash('logs llm 5', { user: OPERATOR, channel: CHANNEL });
    const logs = await ephemeralFor(OPERATOR, /llm: last 5 log lines/, t0);
    expect(textOf(logs)).toMatch(/\d+ error lines? \(level ERROR or worse\), \d+ exceptions?/);
    await standin.slash('logs llm', { user: VISITOR, channel: CHANNEL });
    await ephemeralFor(VISITOR, /Only operators can do that/, t0);
  });

  it('writes the report, posts its summary and uploads the file', async () => {
    const t0 = Date.now();
    await standin.slash('report', { user: VISITOR, channel: CHANNEL });
    await messageMatching(/monitoring report: all services are up/, t0);
    const file = await standin.waitFor(() => standin.files().find((f) => f.completed && f.channel === CHANNEL), { what: 'the uploaded report', timeoutMs: 10_000 });
    expect(file.name).toMatch(/^report-.*\.md$/);
    expect(file.content?.toString()).toContain('# Teaching stack (test): monitoring report');
  });

  it('reconnects after Slack drops the socket and keeps answering', async () => {
    const opened = standin.stats.socketsOpened;
    await standin.dropSockets('refresh_requested');
    await standin.waitForSocket({ minOpened: opened + 1, timeoutMs: 15_000 });
    const t0 = Date.now();
    await standin.slash('help', { user: VISITOR, channel: CHANNEL });
    await ephemeralFor(VISITOR, /teachops commands/, t0);
  });
});
