import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockText, CHANNEL, makeWorld, OPERATOR, stepLine, type World } from './harness.js';

const MIN = 60_000;
const LEAD = 'ULEAD2';
let world: World | undefined;
afterEach(async () => {
  expect(world?.standin.rejections() ?? []).toEqual([]);
  await world?.cleanup();
  world = undefined;
});

const reminders = (w: World, ts: string) => w.thread(ts).filter((r) => /is overdue/.test(r.text ?? ''));

describe('deadlines, a restart of the bot, resolve', () => {
  test('the 5-minute reminder fires once, mentions the lead, and the phase shows overdue', async () => {
    world = await makeWorld({ operators: [OPERATOR, LEAD], start: false, services: ['backend'] });
    const w = world;
    await w.standin.slash('incident slow pages', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    await w.standin.click(CHANNEL, m.ts, 'incident_lead', { user: LEAD });
    await w.settle();
    expect(blockText(w.standin.store.find(CHANNEL, m.ts))).toContain(`*Lead*\n<@${LEAD}>`);

    w.clock.advance(5 * MIN - 1000);
    await w.settle();
    expect(reminders(w, m.ts)).toHaveLength(0);
    w.clock.advance(1000);
    await w.settle();
    const r = reminders(w, m.ts);
    expect(r).toHaveLength(1);
    expect(r[0]!.blocks && JSON.stringify(r[0]!.blocks)).toContain(`<@${LEAD}> ⏰ “Immediate response” is overdue; still open: Confirm the scope of the failure, Start the contingency plan, Notify the people concerned`);
    expect(blockText(w.standin.store.find(CHANNEL, m.ts))).toMatch(/Immediate response\* · :warning: \*overdue\*/);

    w.clock.advance(4 * MIN);
    await w.settle();
    expect(reminders(w, m.ts)).toHaveLength(1);
  });

  test('a bot restarted mid-incident keeps the message, the state and the reminders (on time, or at once if missed)', async () => {
    world = await makeWorld({ start: false, services: ['backend'] });
    const w = world;
    await w.standin.slash('incident restart me', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    await w.standin.click(CHANNEL, m.ts, (el, b) => el.action_id === 'incident_done' && b.block_id === 'do:contingency', { user: OPERATOR });
    w.clock.advance(5 * MIN);
    await w.settle();
    expect(reminders(w, m.ts)).toHaveLength(1);

    await w.restart();
    w.clock.advance(MIN);
    await w.settle();
    expect(reminders(w, m.ts)).toHaveLength(1); // not repeated by the new process
    const again = await w.incidentMessage();
    expect(again.ts).toBe(m.ts); // the same message, not a second one
    expect(w.standin.messages(CHANNEL).filter((x) => !x.thread_ts)).toHaveLength(1);
    expect(stepLine(again, 'contingency')).toContain('done by');
    // the new bot serves the old message's buttons and edits it in place
    await w.standin.click(CHANNEL, m.ts, (el, b) => el.action_id === 'incident_write' && b.block_id === 'do:cause', { user: OPERATOR });
    const view = await w.standin.waitFor(() => w.standin.views().find((v) => !v.closed));
    await w.standin.submitView(view.id, { text: { value: 'bad deploy' } }, { user: OPERATOR });
    await w.settle();
    expect(stepLine(w.standin.store.find(CHANNEL, m.ts)!, 'cause')).toContain('>bad deploy');

    // on time after the restart: the 15-minute phase
    w.clock.advance(9 * MIN - 1000);
    await w.settle();
    expect(reminders(w, m.ts)).toHaveLength(1);
    w.clock.advance(1000);
    await w.settle();
    expect(reminders(w, m.ts).map((r) => r.text)).toEqual([expect.stringContaining('Immediate response'), expect.stringContaining('Quick recovery')]);

    // missed while the bot was down: the 60-minute phase fires as soon as it is back
    await w.bot.stop();
    w.clock.advance(60 * MIN);
    await w.restart();
    await w.settle();
    expect(reminders(w, m.ts).map((r) => r.text)).toEqual([
      expect.stringContaining('Immediate response'), expect.stringContaining('Quick recovery'), expect.stringContaining('Root cause analysis'),
    ]);
  });

  test('Resolve (its confirm names the open root-cause steps) writes the postmortem and posts it to the thread', async () => {
    world = await makeWorld({ start: false, services: ['backend'], users: { [OPERATOR]: { name: 'olga', realName: 'Olga Petrova' } } });
    const w = world;
    await w.standin.slash('incident disk full', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    w.clock.advance(MIN);
    await w.standin.click(CHANNEL, m.ts, (el, b) => el.action_id === 'incident_done' && b.block_id === 'do:contingency', { user: OPERATOR });
    await w.settle();
    const resolve = JSON.stringify((w.standin.store.find(CHANNEL, m.ts)!.blocks ?? []).find((b) => JSON.stringify(b).includes('incident_resolve')));
    expect(resolve).toContain('Root-cause steps are still open: Analyse the cause, Prevention measures, Update the ops docs. Resolve anyway?');
    expect(await w.standin.click(CHANNEL, m.ts, 'incident_resolve', { user: OPERATOR, confirm: false })).toBeUndefined();
    expect(w.store().incidents.get(1)!.state).toBe('open');

    w.clock.advance(20 * MIN);
    await w.standin.click(CHANNEL, m.ts, 'incident_resolve', { user: OPERATOR });
    await w.standin.waitFor(() => w.standin.files().find((f) => f.completed), { timeoutMs: 10_000, what: 'the postmortem upload' });
    await w.settle();
    const file = join(w.project.logsDir, 'incidents', '1.md');
    expect(existsSync(file)).toBe(true);
    const md = readFileSync(file, 'utf8');
    expect(md).toContain('# Incident #1: disk full');
    expect(md).toMatch(/\| Time to acknowledge \| 1m 0s \| from the declaration \(\d\d:\d\d:\d\d UTC\) to the first response, by Olga Petrova \(@olga\) \(\d\d:\d\d:\d\d UTC\) \|/);
    expect(md).toMatch(/\| Time to recover \| not reached \| from the declaration \(\d\d:\d\d:\d\d UTC\); not reached yet \|/);
    const rows = md.split('\n').filter((l) => /^\| \d{4}-/.test(l)).map((l) => l.split(' | ').slice(1).join(' | '));
    // People by name (users.info through the stand-in), not as raw ids.
    const olga = 'Olga Petrova (@olga)';
    expect(rows).toEqual([
      `${olga} | ${olga} declared the incident: disk full |`,
      `${olga} | ${olga} marked “Start the contingency plan” done |`,
      `teachops | ${olga} ⏰ “Immediate response” is overdue; still open: Confirm the scope of the failure, Notify the people concerned |`,
      `teachops | ${olga} ⏰ “Quick recovery” is overdue; still open: Restart the failed service, Switch to the fallback, Verify that service is restored |`,
      `${olga} | ${olga} resolved the incident |`,
    ]);
    const uploaded = w.standin.files().find((f) => f.completed)!;
    expect(uploaded.content?.toString()).toBe(md);
    expect(w.thread(m.ts).some((r) => r.files?.some((f) => f.id === uploaded.id))).toBe(true);
    const final = w.standin.store.find(CHANNEL, m.ts)!;
    expect(blockText(final)).toContain('Incident #1 (resolved): disk full');
    expect(JSON.stringify(final.blocks)).not.toContain('"type":"button"');
    // a click on a button of the old render is answered with the current state
    expect(w.store().incidents.get(1)!.postmortem).toBe(file);
  });

  test('a step left running by a bot that died is failed at the next start, and may run again', async () => {
    world = await makeWorld({ start: false, services: ['backend'] });
    const w = world;
    await w.standin.slash('incident crashy', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    w.store().incidents.setStep(1, 'verify', ['open'], { state: 'running', by: `slack:${OPERATOR}`, at: w.clock.now() });
    await w.restart();
    await w.settle();
    const s = w.store().incidents.get(1)!.steps.find((x) => x.id === 'verify')!;
    expect([s.state, s.detail]).toEqual(['failed', 'interrupted: teachops restarted while the action ran; run it again']);
    expect(JSON.stringify(w.standin.store.find(CHANNEL, m.ts)!.blocks)).toContain('"text":"Run again"');
  });
});
