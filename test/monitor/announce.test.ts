/**
 * alerts.announce_cli: a start, stop or restart from the host is one line in the alerts channel. The CLI process
 * queues it in the outbox; `teach run` posts it (when it is not running, the CLI says the line waits for it, and it
 * is posted with the time it happened once `teach run` starts). Off: nothing is said.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL } from './harness.js';
import { project, startBot, type Bot, type Project } from './bot.js';
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

const notices = () => slack.messages(CHANNEL).filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type === 'teachops_notice');

describe('alerts.announce_cli', () => {
  it('a restart from the host while teach run is down waits in the outbox and is posted, with its time, when it starts', async () => {
    p = await project(slack, [{ name: 'web', restart: '{ policy: never }' }]);
    expect(p.teach('start', 'web').code).toBe(0);
    const r = p.teach('restart', 'web');
    expect(r.code).toBe(0);
    expect(r.out).toContain('The alerts channel hears of this once `teach run` runs (alerts.announce_cli)');
    // `teach start web` of a running service changed nothing: nothing to say.
    expect(p.teach('start', 'web').out).not.toContain('alerts channel');
    b = await startBot(p);
    await slack.waitFor(() => notices().length === 2, { what: 'the two host announcements' });
    const [started, restarted] = notices();
    expect(started!.text).toMatch(/^web started from the host by \S+ \(/);
    expect(restarted!.text).toMatch(/^web restarted from the host by \S+ \(/);
    expect(JSON.stringify(restarted!.blocks)).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|/);
    await new Promise((res) => setTimeout(res, 1500));
    expect(notices()).toHaveLength(2);
  }, 60_000);

  it('off: nothing is said in the channel', async () => {
    p = await project(slack, [{ name: 'web', restart: '{ policy: never }' }], { alerts: 'announce_cli: false' });
    b = await startBot(p);
    const r = p.teach('restart', 'web');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('alerts channel');
    await b.waitFor(/web is now running/);
    await new Promise((res) => setTimeout(res, 2000));
    expect(notices()).toHaveLength(0);
  }, 60_000);
});
