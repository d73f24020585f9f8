/**
 * The alert's Restart button with the bot as a child process: progress and result are one line in the alert's
 * thread (no new message in the channel), a success resolves the alert in place, and a second click while the
 * restart runs is told it is running and who started it, and restarts nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, OPERATOR } from '../monitor/harness.js';
import { project, startBot, type Bot, type Project } from '../monitor/bot.js';
import { SlackStandin } from '../support/slack-standin/index.js';

let slack: SlackStandin;
let p: Project | undefined;
let b: Bot | undefined;
beforeEach(async () => {
  slack = await SlackStandin.start();
});
afterEach(async () => {
  await b?.kill('SIGTERM');
  b = undefined;
  p?.close();
  p = undefined;
  await slack.stop();
});

const seen = (m: { text?: string; blocks?: unknown[] }): string => JSON.stringify(m.blocks ?? []) + (m.text ?? '');

describe('alert Restart button', () => {
  it('restarts once on a double click: the second click is told who is restarting it; progress and result are in the alert thread', async () => {
    p = await project(slack, [{ name: 'web', restart: '{ policy: never }' }]);
    b = await startBot(p);
    await slack.waitForSocket();
    process.kill(p.pidOf('web')!, 'SIGKILL');
    const alertMsg = await slack.waitForMessage(CHANNEL, (m) => seen(m).includes('web is down'), { timeoutMs: 10_000 });
    const before = slack.messages(CHANNEL).length;
    await Promise.all([
      slack.click(CHANNEL, alertMsg.ts, (e) => e.action_id === 'alert_restart', { user: OPERATOR }),
      slack.click(CHANNEL, alertMsg.ts, (e) => e.action_id === 'alert_restart', { user: OPERATOR }),
    ]);
    const told = await slack.waitForEphemeral(OPERATOR, (e) => seen(e).includes('is already running'));
    expect(told.text).toMatch(new RegExp(`^A restart of web from this alert is already running, started by <@${OPERATOR}> at <!date\\^\\d+\\^`));
    expect(seen(told)).not.toMatch(/busy|gave up waiting|try again/);
    const current = () => slack.messages(CHANNEL).find((m) => m.ts === alertMsg.ts)!;
    await slack.waitFor(() => seen(current()).includes('Resolved: web was down for'), { what: 'resolved in place', timeoutMs: 15_000 });
    expect(seen(current())).toContain(`restarted by <@${OPERATOR}>`);
    // The result is one line in the alert's thread, edited from "Restarting" to the result.
    const line = await slack.waitFor(() => slack.thread(CHANNEL, alertMsg.ts).find((r) => /^web restarted by /.test(r.text ?? '')), { what: 'the result line' });
    expect(line.text).toMatch(new RegExp(`^web restarted by <@${OPERATOR}>: healthy in .* \\(pid \\d+\\)$`));
    expect(line.edits.map((v) => v.text)).toEqual([`Restarting web… (requested by <@${OPERATOR}>)`]);
    expect(slack.messages(CHANNEL)).toHaveLength(before); // no new message in the channel
    const audit = JSON.parse(p.teach('audit', '--json', '-n', '100').out) as { source: string; action: string; outcome: string }[];
    expect(audit.filter((r) => r.source === 'slack' && r.action === 'restart')).toHaveLength(1);
    expect(audit.filter((r) => r.source === 'slack' && r.action === 'alert.restart').map((r) => r.outcome).sort()).toEqual(['failed', 'ok']);
  }, 60_000);
});
