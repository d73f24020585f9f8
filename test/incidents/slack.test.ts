import { afterEach, describe, expect, test } from 'vitest';
import { blockText, CHANNEL, makeWorld, OPERATOR, stepLine, VISITOR, type World } from './harness.js';
import { declareIncident, completeStep, incidentsOf } from '../../src/ops/incidents.js';

let world: World | undefined;
afterEach(async () => {
  await world?.cleanup();
  world = undefined;
});

describe('incidents in Slack', () => {
  test('/teach incident declares one: the runbook message in the alerts channel, the declarer as lead, a thread line', async () => {
    world = await makeWorld();
    const w = world;
    await w.standin.slash('incident LLM answers 500', { user: OPERATOR, channel: 'CELSEWHERE' });
    const eph = await w.standin.waitForEphemeral(OPERATOR, (e) => /Incident #1 declared/.test(e.text ?? ''));
    expect(eph.text).toContain(`<#${CHANNEL}>`);
    const m = await w.incidentMessage();
    const text = blockText(m);
    expect(text).toContain('Incident #1: LLM answers 500');
    expect(text).toContain(`<@${OPERATOR}>`);
    expect(text).toMatch(/Immediate response · due <!date\^\d+\^\{time\}\|/);
    expect(stepLine(m, 'scope')).toContain('Confirm the scope of the failure* — open');
    // Under each step its main button and Skip.
    const rows = (m.blocks ?? []).filter((b) => String((b as { block_id?: string }).block_id).startsWith('do:')) as { elements: { action_id: string }[] }[];
    expect(rows.map((r) => r.elements.map((e) => e.action_id).join('+'))).toEqual([
      'incident_run+incident_skip', 'incident_done+incident_skip', 'incident_run+incident_skip',
      'incident_run+incident_skip', 'incident_run+incident_skip', 'incident_run+incident_skip',
      'incident_write+incident_skip', 'incident_write+incident_skip', 'incident_write+incident_skip',
    ]);
    const thread = w.thread(m.ts);
    expect(thread.map((r) => r.text)).toEqual([`@${OPERATOR} declared the incident: LLM answers 500`]);
  });

  test('Done, Run (status, notify), Write with a modal: each click edits the message in place and adds a thread line', async () => {
    world = await makeWorld();
    const w = world;
    await w.standin.slash('incident db slow', { user: OPERATOR, channel: CHANNEL });
    let m = await w.incidentMessage();
    const ts = m.ts;

    await w.standin.click(CHANNEL, ts, (el, b) => el.action_id === 'incident_done' && b.block_id === 'do:contingency', { user: OPERATOR });
    await w.settle();
    m = w.standin.store.find(CHANNEL, ts)!;
    expect(stepLine(m, 'contingency')).toMatch(new RegExp(`done by <@${OPERATOR}> at <!date`));

    await w.standin.click(CHANNEL, ts, (el, b) => el.action_id === 'incident_run' && b.block_id === 'do:scope', { user: OPERATOR });
    await w.standin.waitFor(() => w.store().incidents.get(1)!.steps.find((s) => s.id === 'scope')!.state === 'done');
    await w.settle();
    m = w.standin.store.find(CHANNEL, ts)!;
    expect(stepLine(m, 'scope')).toContain('done by');
    const thread = () => w.thread(ts).map((r) => r.text ?? '');
    expect(thread().some((t) => /Status snapshot: backend: running \(pid \d+\), llm: running/.test(t))).toBe(true);

    await w.standin.click(CHANNEL, ts, (el, b) => el.action_id === 'incident_run' && b.block_id === 'do:notify', { user: OPERATOR });
    await w.standin.waitFor(() => w.store().incidents.get(1)!.steps.find((s) => s.id === 'notify')!.state === 'done');
    await w.settle();
    const top = w.standin.messages(CHANNEL).filter((x) => x.ts !== ts);
    expect(top.map((x) => x.text)).toEqual([expect.stringContaining('Incident #1: db slow')]);

    await w.standin.click(CHANNEL, ts, (el, b) => el.action_id === 'incident_write' && b.block_id === 'do:cause', { user: OPERATOR });
    const view = await w.standin.waitFor(() => w.standin.views().find((v) => !v.closed));
    expect(JSON.stringify(view.view)).toContain('Analyse the cause');
    const empty = await w.standin.submitView(view.id, { text: { value: '   ' } }, { user: OPERATOR });
    expect(empty.ack.payload).toEqual({ response_action: 'errors', errors: { text: 'Write something before saving.' } });
    expect(empty.view.closed).toBe(false);
    const ok = await w.standin.submitView(view.id, { text: { value: 'connection pool exhausted' } }, { user: OPERATOR });
    expect(ok.view.closed).toBe(true);
    await w.settle();
    m = w.standin.store.find(CHANNEL, ts)!;
    expect(stepLine(m, 'cause')).toContain('>connection pool exhausted');
    expect(m.edits.length).toBeGreaterThanOrEqual(4);
    expect(w.standin.messages(CHANNEL).filter((x) => x.text?.includes('Incident #1')).length).toBe(2); // the incident + the notify summary
    expect(thread()).toEqual(expect.arrayContaining([
      `@${OPERATOR} marked “Start the contingency plan” done`,
      `@${OPERATOR} ran “Confirm the scope of the failure”…`,
      `@${OPERATOR} wrote “Analyse the cause”: connection pool exhausted`,
    ]));
  });

  test('a non-operator click is refused politely, audited, and changes nothing', async () => {
    world = await makeWorld({ start: false, services: ['backend'] });
    const w = world;
    await w.standin.slash('incident x', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    await w.standin.click(CHANNEL, m.ts, (el, b) => el.action_id === 'incident_done' && b.block_id === 'do:contingency', { user: VISITOR });
    const eph = await w.standin.waitForEphemeral(VISITOR, (e) => /Only operators/.test(e.text ?? ''));
    expect(eph.text).toContain(`<@${OPERATOR}>`);
    expect(w.store().incidents.get(1)!.steps.find((s) => s.id === 'contingency')!.state).toBe('open');
    const audit = w.store().audit.recent(10).filter((a) => a.actor === VISITOR);
    // Refused at the click, before the step's value is decoded (a forged payload gets no further either).
    expect(audit.map((a) => [a.action, a.outcome])).toEqual(expect.arrayContaining([['slack.click', 'refused']]));
    await w.standin.click(CHANNEL, m.ts, 'incident_write', { user: VISITOR });
    await w.standin.waitFor(() => w.standin.ephemerals(VISITOR).length === 2);
    expect(w.standin.views()).toHaveLength(0);
  });

  test('a second click on a step that moved on is answered with who did it, and changes nothing', async () => {
    world = await makeWorld({ start: false, services: ['backend'], operators: [OPERATOR, 'UOTHER'] });
    const w = world;
    await w.standin.slash('incident twice', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    const match = (el: Record<string, unknown>, b: Record<string, unknown>) => el.action_id === 'incident_done' && b.block_id === 'do:contingency';
    await w.standin.click(CHANNEL, m.ts, match, { user: OPERATOR });
    await w.standin.click(CHANNEL, m.ts, match, { user: 'UOTHER' }); // the old render still shows the button
    const eph = await w.standin.waitForEphemeral('UOTHER', (e) => /already handled/.test(e.text ?? ''));
    expect(eph.text).toContain(`Step "contingency" was already handled by @${OPERATOR}.`);
    expect(w.store().incidents.events(1).filter((e) => e.kind === 'step_done')).toHaveLength(1);
  });

  test('while Slack is down or rate-limiting, the incident waits in the outbox and arrives in order', async () => {
    world = await makeWorld({ start: false, services: ['backend'] });
    const w = world;
    const ictx = incidentsOf(w.bot.ops);
    w.standin.setDown(true, { sockets: false });
    const { incident } = await declareIncident(ictx, { source: 'cli', id: 'alice' }, { title: 'offline' });
    await completeStep(ictx, { source: 'cli', id: 'alice' }, incident.id, 'contingency');
    await w.standin.waitFor(() => w.standin.calls('chat.postMessage').length > 0, { what: 'a delivery attempt while Slack is down' });
    await w.bot.app.ctx.shared.delivery!.idle();
    expect(w.standin.messages(CHANNEL)).toHaveLength(0);
    expect(w.store().outbox.pending(`incident:${incident.id}`).length).toBeGreaterThan(0);
    w.standin.setDown(false);
    w.standin.failNext('chat.postMessage', 1, { status: 429, retryAfter: 1 });
    await w.drain();
    const top = w.standin.messages(CHANNEL);
    expect(top).toHaveLength(1);
    expect(stepLine(top[0]!, 'contingency')).toContain('done by alice (host)');
    expect(w.thread(top[0]!.ts).map((r) => r.text)).toEqual(['alice (host) declared the incident: offline', 'alice (host) marked “Start the contingency plan” done']);
    const retried = w.standin.calls('chat.postMessage').filter((c) => c.status === 429);
    expect(retried).toHaveLength(1);
  });
});
