/**
 * The delivery pipeline against Slack's real failure modes (issue 11), through the production wiring with a
 * ManualClock: a request that took effect but whose answer was lost (the connection dropped after Slack applied
 * it, or the answer came after the client's timeout) must leave exactly one visible message, and later edits land
 * on it; a message someone deleted is posted again; a refused token stops delivery, is said once, and delivery
 * resumes by itself, losing nothing, once the token works again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, harness, type Harness } from './harness.js';
import { SlackStandin, type StoredMessage } from '../support/slack-standin/index.js';
import { acknowledgeAlert } from '../../src/ops/alerts.js';
import { notificationsOf } from '../../src/ops/types.js';

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

const OPERATOR = { source: 'slack', id: 'U0OPERATOR' } as const;
const top = (): StoredMessage[] => slack.messages(CHANNEL);
const blocksOf = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);
const threadOf = (m: StoredMessage) => slack.thread(CHANNEL, m.ts).map((r) => r.text ?? '');

/** Moves the manual clock a second at a time until nothing waits in the outbox (delivery retries run on it). */
async function drain(x: Harness): Promise<void> {
  for (let i = 0; i < 180 && x.store.outbox.pendingCount() > 0; i++) {
    x.clock.advance(1000);
    await x.settle();
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(x.store.outbox.pendingCount()).toBe(0);
}

async function fireCpu(x: Harness): Promise<void> {
  x.monitor.start();
  await x.settle();
  x.metrics.cpu = 99;
  await x.intervals(3);
}

describe('a lost answer never makes a second message', () => {
  it('chat.postMessage applied, connection dropped before the answer: one message, and later edits land on it', async () => {
    h = await harness({ slack });
    slack.failNext('chat.postMessage', 1, { dropAfterApply: true });
    await fireCpu(h);
    await drain(h);
    expect(top()).toHaveLength(1);
    const alert = h.store.alerts.activeByKey('cpu')!;
    expect(h.store.alerts.get(alert.id)!.slack_ts).toBe(top()[0]!.ts);
    h.metrics.cpu = 5;
    await h.intervals(3);
    await drain(h);
    expect(top()).toHaveLength(1);
    expect(blocksOf(top()[0])).toContain('Resolved');
    expect(slack.calls('conversations.history').length).toBeGreaterThan(0);
  });

  it('chat.update applied, answer lost: still one message, the thread line once, and the next edit lands', async () => {
    h = await harness({ slack });
    await fireCpu(h);
    await drain(h);
    const alert = h.store.alerts.activeByKey('cpu')!;
    slack.failNext('chat.update', 1, { dropAfterApply: true });
    await acknowledgeAlert(h.ops, OPERATOR, alert.id);
    await h.settle();
    await drain(h);
    h.metrics.cpu = 5;
    await h.intervals(3);
    await drain(h);
    expect(top()).toHaveLength(1);
    expect(blocksOf(top()[0])).toContain('Resolved');
    expect(threadOf(top()[0]!).filter((t) => t.startsWith('Acknowledged by'))).toHaveLength(1);
  });

  it('a thread line whose answer was lost is looked up in the thread, not posted twice', async () => {
    h = await harness({ slack });
    await fireCpu(h);
    await drain(h);
    const alert = h.store.alerts.activeByKey('cpu')!;
    slack.failNext('chat.postMessage', 1, { dropAfterApply: true });
    await acknowledgeAlert(h.ops, OPERATOR, alert.id);
    await h.settle();
    await drain(h);
    expect(threadOf(top()[0]!).filter((t) => t.startsWith('Acknowledged by'))).toHaveLength(1);
    expect(slack.calls('conversations.replies').length).toBeGreaterThan(0);
  });

  it('an answer that comes after the client gave up (timeout): one message', async () => {
    h = await harness({ slack, env: { TEACHOPS_SLACK_CALL_TIMEOUT: '300ms' } });
    slack.failNext('chat.postMessage', 1, { answerAfterMs: 1500 });
    await fireCpu(h);
    await drain(h);
    expect(top()).toHaveLength(1);
    expect(h.store.alerts.get(h.store.alerts.activeByKey('cpu')!.id)!.slack_ts).toBe(top()[0]!.ts);
  });
});

describe('a message someone deleted', () => {
  it('is posted again and the alert re-linked: later edits and thread lines go to the new one', async () => {
    h = await harness({ slack });
    await fireCpu(h);
    await drain(h);
    const alert = h.store.alerts.activeByKey('cpu')!;
    const first = top()[0]!;
    slack.deleteMessage(CHANNEL, first.ts);
    await acknowledgeAlert(h.ops, OPERATOR, alert.id);
    await h.settle();
    await drain(h);
    expect(top()).toHaveLength(1);
    const again = top()[0]!;
    expect(again.ts).not.toBe(first.ts);
    expect(h.store.alerts.get(alert.id)!.slack_ts).toBe(again.ts);
    expect(blocksOf(again)).toContain('Acknowledged');
    h.metrics.cpu = 5;
    await h.intervals(3);
    await drain(h);
    expect(blocksOf(top()[0])).toContain('Resolved');
    expect(threadOf(again).some((t) => t.startsWith('Resolved after'))).toBe(true);
  });
});

describe('Slack refuses the token', () => {
  it('delivery stops, says so once, the console has the alerts; once the token works it resumes and nothing is lost', async () => {
    h = await harness({ slack });
    h.monitor.start();
    await h.settle();
    slack.refuseBotToken({ error: 'token_revoked' });
    h.metrics.cpu = 99;
    await h.intervals(3);
    h.metrics.memory = 99;
    await h.intervals(3);
    for (let i = 0; i < 20; i++) {
      h.clock.advance(1000);
      await h.settle();
    }
    expect(top()).toHaveLength(0);
    expect(h.lines.filter((l) => l.includes('Slack refused the bot token (token_revoked)'))).toHaveLength(1);
    expect(h.lines.some((l) => /\[alert #\d+\] Firing: High CPU/.test(l))).toBe(true);
    expect(h.lines.some((l) => /\[alert #\d+\] Firing: High memory/.test(l))).toBe(true);
    // Only the first post and then auth.test probes on a backoff: nothing hammers Slack with posts.
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
    expect(h.store.kv.get<{ state: string; code: string }>('slack.health')?.value).toMatchObject({ state: 'auth', code: 'token_revoked' });

    slack.acceptBotToken();
    await drain(h);
    const titles = top().map((m) => m.text ?? '');
    expect(titles[0]).toMatch(/High CPU/);
    expect(titles[1]).toMatch(/High memory/);
    expect(titles[2]).toMatch(/Slack delivery was stopped from .* \(token_revoked\)/);
    expect(top()).toHaveLength(3);
    expect(h.store.kv.get<{ state: string }>('slack.health')?.value).toEqual({ state: 'ok' });
  });

  it('a missing scope names the scope and is retried on the backoff until it is granted', async () => {
    h = await harness({ slack });
    slack.refuseBotToken({ error: 'missing_scope', needed: 'chat:write', methods: ['chat.postMessage'] });
    await fireCpu(h);
    for (let i = 0; i < 30; i++) {
      h.clock.advance(1000);
      await h.settle();
    }
    expect(top()).toHaveLength(0);
    expect(h.lines.filter((l) => l.includes('Slack refused the bot token (missing_scope)'))).toHaveLength(1);
    expect(h.lines.some((l) => l.includes('add the scope chat:write to the Slack app'))).toBe(true);
    slack.acceptBotToken();
    await drain(h);
    expect(top().filter((m) => /High CPU/.test(m.text ?? ''))).toHaveLength(1);
  });
});

describe('the event model carries how a line is shown, for the notifiers to render', () => {
  it('a named line is edited in place, a broadcast reply goes to the channel too, mentions render as mentions', async () => {
    h = await harness({ slack });
    await fireCpu(h);
    await drain(h);
    const alert = h.store.alerts.activeByKey('cpu')!;
    const notify = notificationsOf(h.ops);
    const line = (n: number) => ({ subject: `alert:${alert.id}`, kind: 'alert.line', params: { code: 'restart_failed', args: { service: 'web', error: `attempt ${n}` } }, line: 'restarts' });
    notify.enqueue(line(1));
    notify.enqueue(line(2));
    notify.enqueue({ ...line(3), mention: ['U0ALICE001', 'S0ONCALL'], broadcast: true, line: 'gave-up' });
    await h.settle();
    await drain(h);
    const replies = slack.thread(CHANNEL, top()[0]!.ts);
    const restarts = replies.filter((r) => /attempt [12]/.test(r.text ?? ''));
    expect(restarts).toHaveLength(1);
    expect(restarts[0]!.text).toBe('Automatic restart of web failed: attempt 2');
    expect(restarts[0]!.edits.map((e) => e.text)).toEqual(['Automatic restart of web failed: attempt 1']);
    const loud = replies.find((r) => /attempt 3/.test(r.text ?? ''))!;
    expect(loud.text).toBe('<@U0ALICE001> <!subteam^S0ONCALL> Automatic restart of web failed: attempt 3');
    expect(JSON.stringify(loud.blocks)).not.toContain('&lt;@');
    const post = slack.calls('chat.postMessage').find((c) => /attempt 3/.test(String(c.args.text)))!;
    expect(String(post.args.reply_broadcast)).toBe('true');
  });
});
