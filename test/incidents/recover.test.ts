/**
 * The post-crash duplicate window: a bot killed after Slack accepted an incident post but before it recorded that
 * leaves the outbox row `sending` (maybe sent). After the restart the row is looked up in Slack by the metadata
 * every post carries: found, it is recorded (no second post); absent, it is posted once.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { CHANNEL, makeWorld, type World } from './harness.js';
import { completeStep, declareIncident, incidentsOf } from '../../src/ops/incidents.js';

const ALICE = { source: 'cli', id: 'alice' } as const;

let world: World | undefined;
afterEach(async () => {
  await world?.cleanup();
  world = undefined;
});

/** Stops the bot's outbox delivery, as if the process were about to be killed: what is queued now stays queued. */
async function freeze(w: World): Promise<void> {
  await w.bot.freezeDelivery();
}

/** As if the bot died during the Slack calls of these rows: not done, sending, nothing recorded. */
function leaveInFlight(w: World, ids: number[]): void {
  const db = w.store().db;
  for (const id of ids) db.prepare("UPDATE outbox SET done_at = NULL, status = 'sending', ref_ts = NULL, ref_channel = NULL WHERE id = ?").run(id);
}

type Row = { id: number; ref_ts: string | null; status: string };
const rowsOf = (w: World, incident: number): Row[] => w.store().db.prepare('SELECT id, ref_ts, status FROM outbox WHERE subject = ? ORDER BY id').all(`incident:${incident}`) as Row[];

describe('incident items left in flight by a killed bot', () => {
  test('one Slack already has is recovered (ts recorded) without a second post; one it lacks is posted once', async () => {
    world = await makeWorld({ start: false, services: ['backend'] });
    const w = world;
    const ictx = incidentsOf(w.bot.ops);
    const { incident } = await declareIncident(ictx, ALICE, { title: 'crash window' });
    await w.settle();
    const ts = w.store().incidents.get(incident.id)!.message_ts!;
    const [message, declared] = rowsOf(w, incident.id);
    expect(w.thread(ts).map((r) => r.text)).toEqual(['alice (host) declared the incident: crash window']);
    const declaredTs = w.thread(ts)[0]!.ts;

    await freeze(w);
    await completeStep(incidentsOf(w.bot.ops), ALICE, incident.id, 'contingency'); // queued, never sent
    const [, stepLine] = w.store().outbox.pending(`incident:${incident.id}`);
    // The incident message and its first thread line reached Slack, but the bot died before recording either.
    leaveInFlight(w, [message!.id, declared!.id, stepLine!.id]);
    w.store().db.prepare('UPDATE incidents SET slack_ts = NULL, slack_channel = NULL WHERE id = ?').run(incident.id);
    const postsBefore = w.standin.calls('chat.postMessage').length;

    await w.restart();
    await w.settle();
    expect(w.standin.messages(CHANNEL).map((m) => m.ts)).toEqual([ts]);
    expect(w.store().incidents.get(incident.id)!.message_ts).toBe(ts);
    expect(w.thread(ts).map((r) => r.text)).toEqual(['alice (host) declared the incident: crash window', 'alice (host) marked “Start the contingency plan” done']);
    const posts = w.standin.calls('chat.postMessage').slice(postsBefore);
    expect(posts).toHaveLength(1); // only the line Slack did not have
    const rows = rowsOf(w, incident.id);
    expect(rows.find((r) => r.id === message!.id)).toEqual({ id: message!.id, ref_ts: ts, status: 'done' });
    expect(rows.find((r) => r.id === declared!.id)).toEqual({ id: declared!.id, ref_ts: declaredTs, status: 'done' });
    expect(rows.find((r) => r.id === stepLine!.id)?.ref_ts).toBe(w.thread(ts)[1]!.ts);
    expect(w.standin.calls('conversations.history').length).toBeGreaterThan(0);
    expect(w.standin.calls('conversations.replies').length).toBeGreaterThan(0);
  });

  test('an incident message that never reached Slack is posted once, with its thread line', async () => {
    world = await makeWorld({ start: false, services: ['backend'] });
    const w = world;
    await freeze(w);
    const { incident } = await declareIncident(incidentsOf(w.bot.ops), ALICE, { title: 'never sent' });
    const items = w.store().outbox.pending(`incident:${incident.id}`);
    expect(items.map((i) => i.kind)).toEqual(['incident.message', 'incident.thread']);
    leaveInFlight(w, items.map((i) => i.id));

    await w.restart();
    await w.settle();
    const top = w.standin.messages(CHANNEL);
    expect(top).toHaveLength(1);
    expect(top[0]!.text).toContain('Incident #1: never sent');
    expect(w.store().incidents.get(incident.id)!.message_ts).toBe(top[0]!.ts);
    expect(w.thread(top[0]!.ts).map((r) => r.text)).toEqual(['alice (host) declared the incident: never sent']);
    expect(w.standin.calls('chat.postMessage')).toHaveLength(2);
  });
});
