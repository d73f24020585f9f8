/** End to end: the bot as a child process (`node dist/cli/teach.js run`) against the Slack stand-in. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, OPERATOR } from './harness.js';
import { project, startBot, type Bot, type Project } from './bot.js';
import { SlackStandin, type StoredMessage } from '../support/slack-standin/index.js';

let slack: SlackStandin;
let p: Project | undefined;
let bots: Bot[] = [];
beforeEach(async () => {
  slack = await SlackStandin.start();
});
afterEach(async () => {
  for (const b of bots) await b.kill('SIGTERM');
  bots = [];
  p?.close();
  p = undefined;
  await slack.stop();
});

const seen = (m: { text?: string; blocks?: unknown[] }): string => JSON.stringify(m.blocks ?? []) + (m.text ?? '');
const top = (): StoredMessage[] => slack.messages(CHANNEL).filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type === 'teachops_alert');
/** Notices: lines about teachops itself, such as a start or stop from the host (alerts.announce_cli). */
const notices = (): string[] => slack.messages(CHANNEL).filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type === 'teachops_notice').map((m) => m.text ?? '');
const msg = (ts: string): StoredMessage => top().find((m) => m.ts === ts)!;
/** Top-level posts of alert messages (a Restart click also posts its own progress message). */
const alertPosts = () =>
  slack.calls('chat.postMessage').filter((c) => c.ok && c.args.thread_ts === undefined && (c.args.metadata as { event_type?: string } | undefined)?.event_type === 'teachops_alert');
async function bot(project: Project): Promise<Bot> {
  const b = await startBot(project);
  bots.push(b);
  return b;
}

describe('teach run with Slack (child process)', () => {
  it('SIGKILL the bot while an alert is active: services adopted, the alert keeps editing its message, nothing posted twice, pending delivered', async () => {
    p = await project(slack, [
      { name: 'web', autostart: false, restart: '{ policy: never }' },
      { name: 'api' },
    ]);
    expect(p.teach('start', 'web').code).toBe(0);
    const first = await bot(p);
    const apiPid = p.pidOf('api')!;
    const webPid = p.pidOf('web')!;
    await first.waitFor(`adopted web (pid ${webPid})`);
    process.kill(webPid, 'SIGKILL'); // adopted: seen within one interval
    const alertMsg = await slack.waitForMessage(CHANNEL, (m) => seen(m).includes('web is down'), { timeoutMs: 5000 });
    expect(seen(alertMsg)).toContain('Acknowledge');
    await slack.waitFor(() => slack.thread(CHANNEL, alertMsg.ts).some((r) => (r.text ?? '').includes('not restarted automatically')), { what: 'the policy note' });
    await slack.waitFor(() => slack.thread(CHANNEL, alertMsg.ts).some((r) => (r.text ?? '').includes('Host snapshot')), { what: 'the host snapshot' });

    await bots[0]!.kill('SIGKILL');
    // While the bot is dead: an operator acknowledges on the host; the Slack edit waits in the outbox.
    const ack = p.teach('ack', '1');
    expect(ack.out).toContain('Alert #1 acknowledged.');

    const second = await bot(p);
    await second.waitFor(`adopted api (pid ${apiPid})`);
    expect(p.pidOf('api')).toBe(apiPid);
    await slack.waitFor(() => seen(msg(alertMsg.ts)).includes('acknowledged by'), { what: 'the pending ack edit' });
    await new Promise((r) => setTimeout(r, 2500)); // a couple of intervals with the alert still active
    expect(top()).toHaveLength(1);

    expect(p.teach('start', 'web').code).toBe(0);
    await slack.waitFor(() => seen(msg(alertMsg.ts)).includes('Resolved'), { what: 'resolved in place' });
    expect(top()).toHaveLength(1);
    expect(alertPosts()).toHaveLength(1);
    const thread = slack.thread(CHANNEL, alertMsg.ts).map((m) => m.text ?? '');
    expect(thread.filter((t) => t.startsWith('Acknowledged by'))).toHaveLength(1);
    expect(thread.filter((t) => t.includes('Host snapshot'))).toHaveLength(1);
    expect(thread.at(-1)).toContain('Resolved after');
    // Both starts from the host were said in the channel (alerts.announce_cli), once each.
    await slack.waitFor(() => notices().length === 2, { what: 'two host announcements' });
    expect(notices()).toEqual([expect.stringMatching(/^web started from the host by \S+ \(/), expect.stringMatching(/^web started from the host by \S+ \(/)]);
  }, 60_000);

  it('Slack down (5xx, cut socket, then 429s): the alert arrives once it answers, and its buttons work', async () => {
    p = await project(slack, [{ name: 'web', restart: '{ policy: never }' }]);
    const b = await bot(p);
    await slack.waitForSocket();
    slack.setDown(true); // 503 for the Web API, sockets cut and refused
    process.kill(p.pidOf('web')!, 'SIGKILL');
    await b.waitFor('[alert #1] Firing: web is down'); // recorded (console mirror) while Slack is down
    slack.failNext('chat.postMessage', 2, { status: 429, retryAfter: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(top()).toHaveLength(0);
    slack.setDown(false);
    const alertMsg = await slack.waitForMessage(CHANNEL, (m) => seen(m).includes('web is down'), { timeoutMs: 20_000 });
    expect(slack.calls('chat.postMessage').some((c) => c.status === 429)).toBe(true);
    await slack.waitForSocket({ minOpened: 2, timeoutMs: 20_000 });

    const list = await slack.slash('alerts', { user: OPERATOR, channel: CHANNEL });
    const listed = await slack.waitForEphemeral(OPERATOR, (e) => seen(e).includes('Active alerts (1)'));
    expect(list.ack).toBeDefined();

    await slack.click(CHANNEL, alertMsg.ts, 'alert_ack', { user: 'U0STRANGER' });
    await slack.waitForEphemeral('U0STRANGER', (e) => /operator/i.test(seen(e)));
    expect(seen(msg(alertMsg.ts))).not.toContain('acknowledged by');

    await slack.click(CHANNEL, alertMsg.ts, 'alert_ack', { user: OPERATOR });
    await slack.waitFor(() => seen(msg(alertMsg.ts)).includes(`acknowledged by <@${OPERATOR}>`), { what: 'ack edit' });
    // The list still shows the old Acknowledge button: a second click is told who acknowledged, nothing changes.
    await slack.click(CHANNEL, listed.ts, 'alert_ack', { user: OPERATOR });
    await slack.waitForEphemeral(OPERATOR, (e) => seen(e).includes('was already acknowledged by'));

    await slack.click(CHANNEL, alertMsg.ts, 'alert_silence', { user: OPERATOR, option: 'Until resolved' });
    await slack.waitFor(() => seen(msg(alertMsg.ts)).includes('silenced until resolved'), { what: 'silence edit' });

    await slack.click(CHANNEL, alertMsg.ts, (e) => e.action_id === 'alert_restart', { user: OPERATOR });
    await slack.waitFor(() => seen(msg(alertMsg.ts)).includes('Resolved'), { what: 'resolved after the Restart button', timeoutMs: 15_000 });
    expect(alertPosts()).toHaveLength(1);
    // a click on the resolved alert's old list entry restarts nothing
    await slack.click(CHANNEL, listed.ts, (e) => e.action_id === 'alert_restart', { user: OPERATOR });
    await slack.waitForEphemeral(OPERATOR, (e) => seen(e).includes('is already resolved'));
  }, 90_000);

  it('a CLI `teach stop llm` while the bot runs raises no alert; the channel hears it was stopped from the host', async () => {
    p = await project(slack, [{ name: 'llm' }]);
    const b = await bot(p);
    const r = p.teach('stop', 'llm');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('once `teach run` runs');
    await b.waitFor(/llm is now stopped/);
    const line = await slack.waitForMessage(CHANNEL, (m) => /stopped from the host/.test(m.text ?? ''), { timeoutMs: 5000 });
    expect(line.text).toMatch(/^llm stopped from the host by \S+ \(/);
    expect(JSON.stringify(line.blocks)).toContain('<!date^');
    await new Promise((res) => setTimeout(res, 2500));
    expect(top()).toHaveLength(0);
    expect(notices()).toHaveLength(1);
    expect(b.output()).not.toContain('[alert #');
    expect(p.teach('alerts', '--all').out).toContain('No active alerts.');
  }, 60_000);
});
