import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, harness, type Harness } from './harness.js';
import { SlackStandin } from '../support/slack-standin/index.js';

let slack: SlackStandin;
let h: Harness | undefined;
beforeEach(async () => {
  slack = await SlackStandin.start();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await slack.stop();
});

/** Each alert message's first line: what happened now. */
const headlines = () =>
  slack.messages(CHANNEL).map((m) => (m.blocks as { block_id?: string; text?: { text: string } }[] | undefined)?.find((b) => b.block_id?.endsWith(':headline'))?.text?.text);

describe('outbox delivery to Slack', () => {
  it('honours Retry-After on 429 and marks a row done only when Slack said ok', async () => {
    h = await harness({ slack });
    h.monitor.start();
    await h.settle();
    slack.failNext('chat.postMessage', 2, { status: 429, retryAfter: 7 });
    h.metrics.cpu = 99;
    await h.intervals(3);
    const alert = h.store.alerts.activeByKey('cpu')!;
    expect(slack.messages(CHANNEL)).toHaveLength(0);
    const row = h.store.outbox.forSubject(`alert:${alert.id}`)[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'ratelimited' });
    h.clock.advance(6_999); // not before Retry-After
    await h.settle();
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
    h.clock.advance(1);
    await h.settle();
    expect(slack.calls('chat.postMessage')).toHaveLength(2); // second 429
    h.clock.advance(7_000);
    await h.settle();
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    expect(h.store.outbox.forSubject(`alert:${alert.id}`).every((r) => r.status === 'done')).toBe(true);
    expect(h.lines.some((l) => l.includes('Slack is not taking updates (ratelimited); retrying in 7.0 s'))).toBe(true);
  });

  it('Slack down (503s, then connection resets): alerts raised meanwhile arrive in order once it answers', async () => {
    h = await harness({ slack, services: ['web', 'api'], serviceExtra: '    restart: { policy: never }' });
    await h.supervisor.start('all', { by: 'cli:test' });
    h.monitor.start();
    await h.settle();
    slack.setDown(true, { mode: 'status503' });
    h.metrics.cpu = 99;
    await h.intervals(3); // cpu fires
    slack.setDown(true, { mode: 'reset' });
    h.metrics.disks = { '/': 99 };
    await h.intervals(3); // disk fires
    h.metrics.cpu = 5;
    await h.intervals(3); // cpu resolves, all while Slack is down
    expect(slack.messages(CHANNEL)).toHaveLength(0);
    expect(h.store.outbox.pendingCount()).toBeGreaterThanOrEqual(4);
    slack.clearFaults();
    for (let i = 0; i < 8 && h.store.outbox.pendingCount() > 0; i++) {
      h.clock.advance(60_000);
      await h.settle();
    }
    expect(h.store.outbox.pendingCount()).toBe(0);
    expect(headlines()).toEqual([`:white_check_mark: *Resolved: CPU on ${hostname()} was high for 30.0 s*`, `:red_circle: *Disk / on ${hostname()} is almost full*`]);
    const [cpu] = slack.messages(CHANNEL);
    expect(JSON.stringify(cpu!.blocks)).toContain('Resolved');
    // posted in the order raised; the cpu message was posted before it was edited to resolved
    const posts = slack.calls('chat.postMessage').filter((c) => c.ok && c.args.thread_ts === undefined);
    expect(posts).toHaveLength(2);
  });

  it('a post left in flight by a killed bot is found by its metadata, not posted twice', async () => {
    h = await harness({ slack });
    h.monitor.start();
    await h.settle();
    h.metrics.memory = 99;
    await h.intervals(3);
    const alert = h.store.alerts.activeByKey('memory')!;
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    const ts = h.store.alerts.get(alert.id)!.slack_ts!;
    const render = h.store.outbox.forSubject(`alert:${alert.id}`)[0]!;
    await h.app.stop(1000);
    // As if the bot died after Slack said ok but before it recorded the ts.
    h.store.db.prepare("UPDATE outbox SET status = 'sending' WHERE id = ?").run(render.id);
    h.store.db.prepare('UPDATE alerts SET slack_ts = NULL, slack_channel = NULL WHERE id = ?').run(alert.id);
    await h.restart();
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    expect(h.store.alerts.get(alert.id)!.slack_ts).toBe(ts);
    expect(h.store.outbox.get(render.id)!.status).toBe('done');
  });
});
