/** A double click on an alert's Restart button restarts the service once (the bot as a child process). */
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
  it('a double click restarts once; the second click is told a restart is in progress', async () => {
    p = await project(slack, [{ name: 'web', restart: '{ policy: never }' }]);
    b = await startBot(p);
    await slack.waitForSocket();
    process.kill(p.pidOf('web')!, 'SIGKILL');
    const alertMsg = await slack.waitForMessage(CHANNEL, (m) => seen(m).includes('web is down'), { timeoutMs: 10_000 });
    await Promise.all([
      slack.click(CHANNEL, alertMsg.ts, (e) => e.action_id === 'alert_restart', { user: OPERATOR }),
      slack.click(CHANNEL, alertMsg.ts, (e) => e.action_id === 'alert_restart', { user: OPERATOR }),
    ]);
    await slack.waitForEphemeral(OPERATOR, (e) => seen(e).includes('is busy'));
    await slack.waitFor(() => seen(slack.messages(CHANNEL).find((m) => m.ts === alertMsg.ts)!).includes('Resolved'), { what: 'resolved', timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 500));
    const audit = JSON.parse(p.teach('audit', '--json', '-n', '100').out) as { source: string; action: string }[];
    expect(audit.filter((r) => r.source === 'slack' && r.action === 'restart')).toHaveLength(1);
  }, 60_000);
});
