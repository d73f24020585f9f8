import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, OPERATOR, harness, until, type Harness } from './harness.js';
import { SlackStandin, checkBlockKitLimits, type StoredMessage } from '../support/slack-standin/index.js';
import { acknowledgeAlert, silenceAlert } from '../../src/ops/alerts.js';
import { NotOperatorError } from '../../src/ops/errors.js';

let slack: SlackStandin;
let h: Harness | undefined;
// A fresh workspace per test: each test reads "the" alert message of its channel.
beforeEach(async () => {
  slack = await SlackStandin.start();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await slack.stop();
});

const top = (): StoredMessage[] => slack.messages(CHANNEL);
/** Every text of a message's blocks, flattened: what a reader sees. */
const seen = (m: { text?: string; blocks?: unknown[] }): string => JSON.stringify(m.blocks ?? []) + (m.text ?? '');
const elements = (m: StoredMessage): { type: string; text?: { text: string }; action_id: string; options?: { text: { text: string } }[] }[] =>
  ((m.blocks ?? []) as { type: string; elements?: never[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

async function runningWeb(opts: Parameters<typeof harness>[0] = {}): Promise<{ h: Harness; pid: number }> {
  const x = await harness({ slack, snapshot: true, ...opts });
  const [r] = await x.supervisor.start('web', { by: 'cli:test' });
  x.monitor.start();
  await x.settle();
  return { h: x, pid: r!.pid! };
}

describe('alerts in Slack (in-process monitor, stand-in Slack)', () => {
  it('kill -9: one message mentioning escalate_to, with its buttons and cause; snapshot and ONE restarts line in the thread; resolved in place', async () => {
    const before = top().length;
    const r = await runningWeb();
    h = r.h;
    process.kill(r.pid, 'SIGKILL');
    const msg = await slack.waitForMessage(CHANNEL, (m) => seen(m).includes('web is down'), { timeoutMs: 5000 });
    expect(top().length).toBe(before + 1);
    expect(checkBlockKitLimits(msg)).toEqual([]);
    // The first firing mentions escalate_to, as markup, in the notification text and the blocks.
    expect(msg.text).toMatch(/^<!subteam\^S0ONCALL> web is down: not running while it should be \(killed by SIGKILL\)$/);
    expect(JSON.stringify(msg.blocks)).toContain('<!subteam^S0ONCALL>');
    const els = elements(msg);
    expect(els.map((e) => e.text?.text ?? e.type)).toEqual(['Acknowledge', 'Restart web', 'Start runbook', 'static_select']);
    expect(els[3]!.options!.map((o) => o.text.text)).toEqual(['1 hour', '4 hours', 'Until resolved']);
    expect(seen(msg)).toContain('*Cause*\\n• last exit: killed by SIGKILL');
    await h.settle();
    const scheduled = slack.thread(CHANNEL, msg.ts).map((m) => m.text ?? '');
    expect(scheduled).toContain('Automatic restart 1 of 3 in 1.0 s');

    h.clock.advance(1000);
    await h.settle();
    const alert = h.store.alerts.recent(1)[0]!;
    expect(alert.state).toBe('resolved');
    expect(alert.slack_ts).toBe(msg.ts);
    const now = top().find((m) => m.ts === msg.ts)!;
    expect(seen(now)).toMatch(/:white_check_mark: \*Resolved: web was down for [\d.]+ s\*/);
    expect(seen(now)).toContain('restarted automatically');
    expect(elements(now)).toEqual([]); // no buttons on a resolved alert
    expect(top().length).toBe(before + 1); // edited in place, never a second message
    const thread = slack.thread(CHANNEL, msg.ts).map((m) => m.text ?? '');
    // The scheduled restart's line became its result: one line, edited in place.
    expect(thread.filter((t) => t.includes('Host snapshot'))).toHaveLength(1);
    expect(thread.filter((t) => /^(Automatic restart|Restart) 1 of 3/.test(t))).toEqual([expect.stringMatching(/^Restart 1 of 3: web healthy again in .* \(pid \d+\)$/)]);
    expect(thread).toHaveLength(2);
    expect(slack.rejections()).toEqual([]);
  });

  it('acknowledge: operators only; a second ack says who; an ack of a resolved alert changes nothing', async () => {
    const r = await runningWeb({ serviceExtra: '    restart: { policy: never }' });
    h = r.h;
    process.kill(r.pid, 'SIGKILL');
    const msg = await slack.waitForMessage(CHANNEL, (m) => seen(m).includes('web is down'));
    const alert = h.store.alerts.activeByKey('service_down:web')!;

    await expect(acknowledgeAlert(h.ops, { source: 'slack', id: 'U0STRANGER', channel: CHANNEL }, alert.id)).rejects.toBeInstanceOf(NotOperatorError);
    expect(h.store.alerts.get(alert.id)!.state).toBe('firing');
    expect(h.store.audit.recent(1)[0]).toMatchObject({ action: 'alert.ack', actor: 'U0STRANGER', outcome: 'refused' });

    const ok = await acknowledgeAlert(h.ops, { source: 'slack', id: OPERATOR, channel: CHANNEL }, alert.id);
    expect(ok.status).toBe('acknowledged');
    h.delivery.kick();
    await h.settle();
    const edited = top().find((m) => m.ts === msg.ts)!;
    expect(seen(edited)).toContain(`acknowledged by <@${OPERATOR}>`);
    expect(elements(edited).map((e) => e.text?.text ?? e.type)).toEqual(['Restart web', 'Start runbook', 'static_select']);
    expect(slack.thread(CHANNEL, msg.ts).map((m) => m.text).at(-1)).toBe(`Acknowledged by <@${OPERATOR}>`);

    const again = await acknowledgeAlert(h.ops, { source: 'cli', id: 'alice' }, alert.id);
    expect(again).toMatchObject({ status: 'already', alert: { acked_by: `slack:${OPERATOR}` } });

    await h.supervisor.start('web', { by: 'cli:test' });
    await h.intervals(1);
    expect(h.store.alerts.get(alert.id)!.state).toBe('resolved');
    const edits = top().find((m) => m.ts === msg.ts)!.edits.length;
    const stale = await acknowledgeAlert(h.ops, { source: 'slack', id: OPERATOR, channel: CHANNEL }, alert.id);
    expect(stale.status).toBe('resolved');
    await h.settle();
    expect(top().find((m) => m.ts === msg.ts)!.edits.length).toBe(edits);
  });

  it('re-notifies an unacknowledged alert every repeat_after in its thread, mentioning escalate_to; not once acknowledged', async () => {
    const r = await runningWeb({ serviceExtra: '    restart: { policy: never }', alerts: `  channel: ${CHANNEL}\n  repeat_after: 15m\n  escalate_to: ["<!subteam^S0ONCALL>"]` });
    h = r.h;
    process.kill(r.pid, 'SIGKILL');
    const msg = await slack.waitForMessage(CHANNEL, (m) => seen(m).includes('web is down'));
    await h.settle();
    const renotified = () => slack.thread(CHANNEL, msg.ts).filter((m) => (m.text ?? '').includes('still firing'));
    await h.intervals(14 * 12 + 11); // 14 m 55 s
    expect(renotified()).toHaveLength(0);
    await h.intervals(1); // 15 m
    expect(renotified()).toHaveLength(1);
    expect(renotified()[0]!.text).toContain('<!subteam^S0ONCALL> still firing after 15m');
    await h.intervals(15 * 12);
    expect(renotified()).toHaveLength(2);
    await acknowledgeAlert(h.ops, { source: 'cli', id: 'alice' }, h.store.alerts.activeByKey('service_down:web')!.id);
    await h.intervals(31 * 12);
    expect(renotified()).toHaveLength(2);
  }, 60_000);

  it('silence until resolved: no re-notification, still recorded, ends with the alert', async () => {
    const r = await runningWeb({ serviceExtra: '    restart: { policy: never }', alerts: `  channel: ${CHANNEL}\n  repeat_after: 15m` });
    h = r.h;
    process.kill(r.pid, 'SIGKILL');
    const msg = await slack.waitForMessage(CHANNEL, (m) => seen(m).includes('web is down'));
    const alert = h.store.alerts.activeByKey('service_down:web')!;
    const s = await silenceAlert(h.ops, { source: 'slack', id: OPERATOR, channel: CHANNEL }, alert.id, 'resolved');
    expect(s.status).toBe('silenced');
    h.delivery.kick();
    await h.settle();
    const edited = top().find((m) => m.ts === msg.ts)!;
    expect(seen(edited)).toContain('silenced until resolved by');
    expect(elements(edited).map((e) => e.type)).not.toContain('static_select');
    await h.intervals(61 * 12);
    expect(slack.thread(CHANNEL, msg.ts).filter((m) => (m.text ?? '').includes('still firing'))).toHaveLength(0);
    expect(h.store.samples.latest('web')!.data).toMatchObject({ state: 'crashed' }); // recording goes on
    await h.supervisor.start('web', { by: 'cli:test' });
    await h.intervals(1);
    expect(h.store.alerts.get(alert.id)).toMatchObject({ state: 'resolved', silence: null });
  }, 60_000);

  it('a timed silence ends by itself and re-notification resumes', async () => {
    const r = await runningWeb({ serviceExtra: '    restart: { policy: never }', alerts: `  channel: ${CHANNEL}\n  repeat_after: 15m` });
    h = r.h;
    process.kill(r.pid, 'SIGKILL');
    const alert = await until(() => h!.store.alerts.activeByKey('service_down:web'), 'alert');
    await silenceAlert(h.ops, { source: 'cli', id: 'alice' }, alert.id, '1h');
    await h.intervals(60 * 12);
    expect(h.store.alerts.get(alert.id)!.silence).toBeNull();
    expect(h.store.alerts.events(alert.id).map((e) => e.type)).toContain('silence_ended');
    await h.intervals(15 * 12);
    expect(h.store.alerts.events(alert.id).filter((e) => e.type === 'renotified')).toHaveLength(1);
  }, 60_000);
});
