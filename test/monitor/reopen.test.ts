/**
 * Flapping: a key that fires again within its re-open window (src/monitor/reopen.ts) re-opens its alert, so a
 * service that keeps crashing under `restart: on-failure` is one Slack message, edited; the re-firing is announced
 * in the channel (a reply broadcast to it, mentioning escalate_to and whoever acknowledged it), and further flaps
 * edit that announcement until someone acknowledges; after the window it is a new alert and a new message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, OPERATOR, harness, until, type Harness } from './harness.js';
import { SlackStandin, type StoredMessage } from '../support/slack-standin/index.js';
import { acknowledgeAlert } from '../../src/ops/alerts.js';
import { METADATA_EVENT } from '../../src/app/notifiers/slack.js';

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

const top = (): StoredMessage[] => slack.messages(CHANNEL);
const seen = (m: { text?: string; blocks?: unknown[] }): string => JSON.stringify(m.blocks ?? []) + (m.text ?? '');
const buttons = (m: StoredMessage): string[] =>
  ((m.blocks ?? []) as { type: string; elements?: { text?: { text: string } }[] }[]).filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.text?.text ?? ''));
/** Top-level alert posts (never counting thread replies or edits). */
const alertPosts = () =>
  slack.calls('chat.postMessage').filter((c) => c.ok && c.args.thread_ts === undefined && (c.args.metadata as { event_type?: string } | undefined)?.event_type === METADATA_EVENT);
const thread = (ts: string): string[] => slack.thread(CHANNEL, ts).map((m) => m.text ?? '');
/** Thread replies a person scrolling the channel sees (reply_broadcast). */
const broadcasts = (): StoredMessage[] => slack.channelView(CHANNEL).filter((m) => m.broadcast === true);

async function runningWeb(serviceExtra?: string): Promise<Harness> {
  const x = await harness({ slack, snapshot: true, ...(serviceExtra ? { serviceExtra } : {}) });
  const [r] = await x.supervisor.start('web', { by: 'cli:test' });
  expect(r?.ok).toBe(true);
  x.monitor.start();
  await x.settle();
  return x;
}

/** kill -9 the running web, wait for its alert to fire, then let the restart policy bring it back. */
async function crashAndRestart(x: Harness): Promise<void> {
  const pid = x.supervisor.runtime('web')[0]!.pid!;
  process.kill(pid, 'SIGKILL');
  await until(() => x.store.alerts.activeByKey('service_down:web'), 'the service_down alert');
  await x.settle();
  x.clock.advance(8000); // past any backoff step (1 s, 2 s, 4 s; backoff_max 8 s)
  await x.settle();
  await until(() => x.supervisor.runtime('web')[0]!.state === 'running' && x.store.alerts.activeByKey('service_down:web') === undefined, 'restarted and resolved');
}

describe('re-opening a flapping alert (in-process monitor, stand-in Slack)', () => {
  it('a firing after it resolved is announced in the channel (a broadcast reply mentioning escalate_to); flapping edits that one announcement', async () => {
    h = await runningWeb();
    await crashAndRestart(h);
    const [msg] = top();
    expect(msg).toBeDefined();
    const id = h.store.alerts.recent(1)[0]!.id;
    // The first firing mentioned escalate_to in the message itself.
    expect(msg!.edits[0]?.text ?? msg!.text).toMatch(/^<!subteam\^S0ONCALL> web is down/);

    // Second crash: the same message turns back to firing, and the channel hears it.
    const pid = h.supervisor.runtime('web')[0]!.pid!;
    h.clock.advance(60_000);
    process.kill(pid, 'SIGKILL');
    await until(() => h!.store.alerts.activeByKey('service_down:web'), 'the second firing');
    await h.settle();
    expect(h.store.alerts.activeByKey('service_down:web')).toMatchObject({ id, state: 'firing', fire_count: 2 });
    const firing = top().find((m) => m.ts === msg!.ts)!;
    expect(seen(firing)).toMatch(/Firing again \(2nd time in 1m \d+s\): web is down/);
    expect(seen(firing)).toMatch(/fired 2 times in 1m \d+s, first at/);
    expect(buttons(firing)).toContain('Acknowledge');
    expect(top()).toHaveLength(1);
    const heard = broadcasts();
    expect(heard).toHaveLength(1);
    expect(heard[0]!.thread_ts).toBe(msg!.ts);
    expect(heard[0]!.text).toMatch(/^<!subteam\^S0ONCALL> Firing again \(2nd time in 1m \d+s\): not running while it should be \(killed by SIGKILL\)$/);
    h.clock.advance(8000);
    await h.settle();
    await until(() => h!.store.alerts.get(id)!.state === 'resolved', 'resolved again');

    // Third crash a minute later, nobody acknowledged meanwhile: the announcement is edited (count), not repeated.
    h.clock.advance(60_000);
    await crashAndRestart(h);
    expect(h.store.alerts.recent(10)).toHaveLength(1);
    expect(h.store.alerts.get(id)).toMatchObject({ state: 'resolved', fire_count: 3, resolution: 'restarted' });
    expect(h.store.stats.get('web').restarts).toBe(3);
    expect(broadcasts()).toHaveLength(1);
    expect(broadcasts()[0]!.text).toMatch(/Firing again \(3rd time in 2m \d+s\)/);

    expect(top()).toHaveLength(1);
    expect(alertPosts()).toHaveLength(1);
    const final = top()[0]!;
    expect(seen(final)).toMatch(/Resolved: web was down for [\d.]+ s/);
    expect(seen(final)).toContain('fired 3 times');
    // The thread: the host snapshot, ONE restarts line (edited at each step), ONE announcement.
    const lines = thread(final.ts);
    expect(lines).toHaveLength(3);
    expect(lines.filter((t) => t.includes('Host snapshot'))).toHaveLength(1);
    expect(lines.filter((t) => /^Restart 3 of 3: web healthy again in .* \(pid \d+\)$/.test(t))).toHaveLength(1);
    expect(slack.rejections()).toEqual([]);
  }, 60_000);

  it('an acknowledgement is for the episode that resolved: a re-opened alert asks for one again and mentions who acknowledged it', async () => {
    h = await runningWeb();
    process.kill(h.supervisor.runtime('web')[0]!.pid!, 'SIGKILL');
    const alert = await until(() => h!.store.alerts.activeByKey('service_down:web'), 'the alert');
    h.clock.advance(8000);
    await h.settle();
    await until(() => h!.store.alerts.get(alert.id)!.state === 'resolved', 'resolved');
    process.kill(h.supervisor.runtime('web')[0]!.pid!, 'SIGKILL');
    await until(() => h!.store.alerts.activeByKey('service_down:web'), 'the second firing');
    await h.settle();
    expect(broadcasts()).toHaveLength(1);
    // Someone takes it; it resolves; it comes back a minute later: whoever acknowledged it hears that, in the channel.
    expect((await acknowledgeAlert(h.ops, { source: 'slack', id: OPERATOR, channel: CHANNEL }, alert.id)).status).toBe('acknowledged');
    h.clock.advance(8000);
    await h.settle();
    await until(() => h!.store.alerts.get(alert.id)!.state === 'resolved', 'resolved again');
    h.clock.advance(60_000);
    process.kill(h.supervisor.runtime('web')[0]!.pid!, 'SIGKILL');
    await until(() => h!.store.alerts.activeByKey('service_down:web'), 'the third firing');
    await h.settle();
    const again = h.store.alerts.get(alert.id)!;
    expect(again).toMatchObject({ state: 'firing', acked_by: null, acked_at: null, fire_count: 3 });
    const m = top()[0]!;
    expect(top()).toHaveLength(1);
    expect(seen(m)).not.toContain('acknowledged by');
    expect(buttons(m)).toContain('Acknowledge');
    const heard = broadcasts();
    expect(heard).toHaveLength(2);
    expect(heard[1]!.text).toMatch(new RegExp(`^<@${OPERATOR}> <!subteam\\^S0ONCALL> Firing again \\(3rd time in`));
    // the old acknowledgement stays in the history
    expect(thread(m.ts)).toContain(`Acknowledged by <@${OPERATOR}>`);
  }, 60_000);

  it('a firing after restart.window is a new alert with a new message', async () => {
    h = await runningWeb('    restart: { policy: on-failure, max_restarts: 3, window: 1m, backoff: 1s, backoff_max: 8s }');
    await crashAndRestart(h);
    const first = h.store.alerts.recent(1)[0]!;
    expect(top()).toHaveLength(1);

    h.clock.advance(61_000); // resolved more than the window ago
    await h.settle();
    await crashAndRestart(h);
    const second = h.store.alerts.recent(1)[0]!;
    expect(second.id).not.toBe(first.id);
    expect(second.fire_count).toBe(1);
    expect(h.store.alerts.get(first.id)!.fire_count).toBe(1);
    expect(top()).toHaveLength(2);
    expect(alertPosts()).toHaveLength(2);
    expect(thread(top()[1]!.ts).some((t) => t.startsWith('Firing again'))).toBe(false);
  }, 60_000);
});

describe('re-opening host alerts (console notifier)', () => {
  it('cpu flapping re-opens within 10 minutes, a new alert after', async () => {
    h = await harness({ monitor: '  interval: 5s\n  for: 1' });
    h.monitor.start();
    await h.settle();
    h.metrics.cpu = 95;
    await h.intervals(1);
    const cpu = h.store.alerts.activeByKey('cpu')!;
    h.metrics.cpu = 10;
    await h.intervals(1);
    expect(h.store.alerts.get(cpu.id)!.state).toBe('resolved');
    h.metrics.cpu = 97;
    await h.intervals(1);
    expect(h.store.alerts.activeByKey('cpu')).toMatchObject({ id: cpu.id, fire_count: 2, value: 97, state: 'firing' });
    expect(h.lines.filter((l) => l.includes('Firing: High CPU'))).toHaveLength(1);
    expect(h.lines).toContain(`[alert #${cpu.id}] @S0ONCALL Firing again (2nd time in 10.0 s): 97 % (threshold 80 %)`);
    h.metrics.cpu = 10;
    await h.intervals(1);
    expect(h.store.alerts.get(cpu.id)).toMatchObject({ state: 'resolved', fire_count: 2 });
    // the resolution measures this firing, not the first
    expect(h.lines.some((l) => l.startsWith(`[alert #${cpu.id}] Resolved: CPU on `) && l.includes('was high for 5.0 s'))).toBe(true);

    h.clock.advance(10 * 60_000 + 5000);
    await h.settle();
    h.metrics.cpu = 95;
    await h.intervals(1);
    const next = h.store.alerts.activeByKey('cpu')!;
    expect(next.id).not.toBe(cpu.id);
    expect(next.fire_count).toBe(1);
    expect(h.store.alerts.recent(10)).toHaveLength(2);
  });
});

describe('AlertRepo.open (the store under the book)', () => {
  it('re-opens only the newest alert of the key, only within the window, and never beside an active one', async () => {
    h = await harness();
    const a = { key: 'cpu', kind: 'cpu' as const, service: null, subject: null, value: 90, threshold: 80, detail: null };
    const repo = h.store.alerts;
    const first = repo.open(a, 1000, 60_000);
    expect(first.outcome).toBe('created');
    expect(repo.open(a, 2000, 60_000)).toMatchObject({ outcome: 'active', alert: { id: first.alert.id } });
    repo.resolve(first.alert.id, 'recovered', null, 3000);
    expect(repo.open({ ...a, value: 95 }, 63_000, 60_000)).toMatchObject({ outcome: 'reopened', alert: { id: first.alert.id, value: 95, fire_count: 2, fired_at: 63_000, started_at: 1000, state: 'firing' } });
    repo.resolve(first.alert.id, 'recovered', null, 64_000);
    const later = repo.open(a, 124_001, 60_000);
    expect(later.outcome).toBe('created');
    repo.resolve(later.alert.id, 'recovered', null, 125_000);
    // the older alert is not brought back, even inside its own window: the newest one is the key's story
    expect(repo.open(a, 126_000, 60_000)).toMatchObject({ outcome: 'reopened', alert: { id: later.alert.id } });
    expect(repo.active().map((x) => x.id)).toEqual([later.alert.id]);
    // a timed silence still running carries over; one that ran out while it was resolved does not
    repo.silence(later.alert.id, '1h', 200_000, 'cli:alice', 126_500);
    repo.resolve(later.alert.id, 'recovered', null, 127_000);
    expect(repo.open(a, 128_000, 60_000).alert).toMatchObject({ silence: '1h', silenced_until: 200_000, silenced_by: 'cli:alice' });
    repo.resolve(later.alert.id, 'recovered', null, 190_000);
    expect(repo.open(a, 201_000, 60_000).alert).toMatchObject({ silence: null, silenced_until: null, silenced_by: null, fire_count: 4 });
  });
});
