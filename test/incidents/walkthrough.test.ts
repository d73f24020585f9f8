/**
 * The runbook as a responder walked it at 3 a.m. (issue 12), in Slack: the real Bolt app against the stand-in, real
 * demo services, the deadlines on a ManualClock. The restart fails (the LLM lost its key), the fallback brings it
 * back, verify passes: the restart is not needed and nobody is told Quick recovery is overdue. Skip asks why.
 * An incident started from an alert is called what the alert is about, and the lead can rename it. The notify step
 * tells the people of runbook.notify in notify.channel, and the incident message says whom it told.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { alertMessage } from '../../src/slack/views/alert.js';
import type { NewAlert } from '../../src/store/alerts.js';
import { blockText, CHANNEL, makeWorld, OPERATOR, stepLine, type World } from './harness.js';

const MIN = 60_000;
const OTHER = 'UOTHER2';
let world: World | undefined;
afterEach(async () => {
  expect(world?.standin.rejections() ?? []).toEqual([]);
  await world?.cleanup();
  world = undefined;
});

const step = (w: World, id: string) => w.store().incidents.get(1)!.steps.find((s) => s.id === id)!;
const button = (action: string, stepId: string) => (el: Record<string, unknown>, b: Record<string, unknown>) =>
  el.action_id === action && (b.block_id === `do:${stepId}` || b.block_id === `step:${stepId}`);
const finished = async (w: World, id: string) => {
  await w.standin.waitFor(() => step(w, id).state !== 'running' && step(w, id).state !== 'open' && w.store().outbox.pendingCount() === 0, { timeoutMs: 20_000, what: `step ${id} to finish` });
  return step(w, id);
};
const reminders = (w: World, ts: string) => w.thread(ts).map((r) => r.text ?? '').filter((t) => /is overdue/.test(t));

/** An alert as the monitor opens it, posted with its buttons, and Start runbook clicked on it. */
async function incidentFromAlert(w: World, a: NewAlert, user = OPERATOR) {
  const { alert } = w.store().alerts.open(a, w.clock.now());
  const web = new WebClient(w.standin.botToken, { slackApiUrl: w.standin.apiUrl });
  const posted = await web.chat.postMessage({ channel: CHANNEL, ...alertMessage(alert, w.project.config) });
  await w.standin.click(CHANNEL, posted.ts!, 'alert_runbook', { user });
  return w.incidentMessage();
}

describe('the runbook at 3 a.m.', () => {
  test('restart fails, the fallback brings llm back, verify passes: the restart is not needed, and Quick recovery is not overdue', async () => {
    world = await makeWorld({
      files: { 'llm.env': 'DASHSCOPE_API_KEY=sk-tongyi-key-not-real-000\n' },
      tweak: (s) => {
        // The key lives in llm.env (lost below); the fallback brings its own.
        s.llm!.env = { PORT: (s.llm!.env as Record<string, string>).PORT!, LLM_PROVIDER: 'tongyi' };
        s.llm!.env_file = 'llm.env';
        s.llm!.fallback = { env: { LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-openai-key-not-real-000' } };
      },
    });
    const w = world;
    writeFileSync(join(w.project.dir, 'llm.env'), '# the Tongyi key was removed\n');
    const m = await incidentFromAlert(w, { key: 'service_down:llm', kind: 'service_down', service: 'llm', subject: 'llm', value: null, threshold: null, detail: 'process gone' });

    await w.standin.click(CHANNEL, m.ts, button('incident_run', 'restart'), { user: OPERATOR });
    expect((await finished(w, 'restart')).state).toBe('failed');
    await w.standin.click(CHANNEL, m.ts, button('incident_run', 'fallback'), { user: OPERATOR });
    expect((await finished(w, 'fallback')).state).toBe('done');
    await w.standin.click(CHANNEL, m.ts, button('incident_run', 'verify'), { user: OPERATOR });
    expect((await finished(w, 'verify')).state).toBe('done');
    await w.settle();

    expect(step(w, 'restart')).toMatchObject({ state: 'not_needed', detail: '“Verify that service is restored” passed' });
    const msg = w.standin.store.find(CHANNEL, m.ts)!;
    expect(stepLine(msg, 'restart')).toContain('Restart the failed service* — not needed: “Verify that service is restored” passed');
    // No button left on it: a "Run again" would restart llm without the fallback that brought it back.
    expect(JSON.stringify(msg.blocks)).not.toContain('"block_id":"do:restart"');
    expect(blockText(msg)).toMatch(/Quick recovery\* · :white_check_mark: complete/);
    expect(w.thread(m.ts).map((r) => r.text)).toContain('“Restart the failed service” is not needed: “Verify that service is restored” passed');

    w.clock.advance(15 * MIN);
    await w.settle();
    // Immediate response was left open: its reminder is right. Quick recovery is complete: no reminder.
    expect(reminders(w, m.ts)).toEqual([expect.stringContaining('“Immediate response” is overdue')]);
  });

  test('Skip asks why in a modal (empty is refused), and the step shows who skipped it and why', async () => {
    world = await makeWorld({ start: false, services: ['backend'] });
    const w = world;
    await w.standin.slash('incident db slow', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    await w.standin.click(CHANNEL, m.ts, button('incident_skip', 'notify'), { user: OPERATOR });
    const view = await w.standin.waitFor(() => w.standin.views().find((v) => !v.closed));
    expect(JSON.stringify(view.view)).toContain('Why is “Notify the people concerned” skipped?');
    const empty = await w.standin.submitView(view.id, { text: { value: '  ' } }, { user: OPERATOR });
    expect(empty.ack.payload).toMatchObject({ response_action: 'errors' });
    expect(step(w, 'notify').state).toBe('open');
    await w.standin.submitView(view.id, { text: { value: 'the on-call is already here' } }, { user: OPERATOR });
    await w.settle();
    expect(step(w, 'notify')).toMatchObject({ state: 'skipped', by: `slack:${OPERATOR}`, detail: 'the on-call is already here' });
    const msg = w.standin.store.find(CHANNEL, m.ts)!;
    expect(stepLine(msg, 'notify')).toContain(`Notify the people concerned* — skipped by <@${OPERATOR}>: the on-call is already here`);
    expect(w.thread(m.ts).map((r) => r.text)).toContain(`@${OPERATOR} skipped “Notify the people concerned”: the on-call is already here`);
    // Skipped is closed: no buttons on it any more.
    expect(JSON.stringify(msg.blocks)).not.toContain('"block_id":"do:notify"');
  });

  test('from an alert it is titled by what the alert is about, not its detail; the lead renames it; the postmortem has the final title', async () => {
    world = await makeWorld({ start: false, services: ['backend'], operators: [OPERATOR, OTHER] });
    const w = world;
    const m = await incidentFromAlert(w, { key: 'crash_loop:backend', kind: 'crash_loop', service: 'backend', subject: 'backend', value: 5, threshold: 5, detail: 'process gone' });
    const inc = w.store().incidents.get(1)!;
    expect(inc.title).toBe('backend keeps crashing: automatic restarts stopped');
    expect(blockText(m)).toContain('Incident #1: backend keeps crashing: automatic restarts stopped');
    expect(inc.alerts[0]!.title).toBe('backend keeps crashing: automatic restarts stopped');

    // not the lead: told so at the click, no form
    await w.standin.click(CHANNEL, m.ts, 'incident_rename', { user: OTHER });
    await w.standin.waitForEphemeral(OTHER, (e) => /Only the lead/.test(e.text ?? ''));
    expect(w.standin.views()).toHaveLength(0);

    await w.standin.click(CHANNEL, m.ts, 'incident_rename', { user: OPERATOR });
    const view = await w.standin.waitFor(() => w.standin.views().find((v) => !v.closed));
    expect(JSON.stringify(view.view)).toContain('"initial_value":"backend keeps crashing: automatic restarts stopped"');
    await w.standin.submitView(view.id, { text: { value: 'backend: database password rotated' } }, { user: OPERATOR });
    await w.settle();
    expect(blockText(w.standin.store.find(CHANNEL, m.ts))).toContain('Incident #1: backend: database password rotated');
    expect(w.thread(m.ts).map((r) => r.text)).toEqual([
      `@${OPERATOR} declared the incident: backend keeps crashing: automatic restarts stopped`,
      `@${OPERATOR} renamed the incident: backend: database password rotated`,
    ]);

    await w.standin.click(CHANNEL, m.ts, 'incident_resolve', { user: OPERATOR });
    await w.standin.waitFor(() => w.store().incidents.get(1)!.postmortem, { timeoutMs: 10_000 });
    const md = readFileSync(w.store().incidents.get(1)!.postmortem!, 'utf8');
    expect(md.split('\n')[0]).toBe('# Incident #1: backend: database password rotated');
    expect(md).toContain('declared the incident: backend keeps crashing: automatic restarts stopped');
  });

  test('notify posts to notify.channel with its mentions as real mentions, and the incident message says whom it told', async () => {
    const runbook = [
      'phases:',
      '  - { id: respond, title: Respond, due: 5m, steps: [{ id: notify, title: Tell people, run: notify }] }',
      'notify: { channel: CNOTIFY, mention: [S0ONCALL, U0BOB, here] }',
      '',
    ].join('\n');
    world = await makeWorld({ start: false, services: ['backend'], runbook, channels: { CNOTIFY: 'incidents' } });
    const w = world;
    await w.standin.slash('incident payments failing', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    await w.standin.click(CHANNEL, m.ts, button('incident_run', 'notify'), { user: OPERATOR });
    expect((await finished(w, 'notify')).state).toBe('done');
    await w.settle();
    const post = w.standin.messages('CNOTIFY');
    expect(post).toHaveLength(1);
    // mentions in the notification text and the blocks, as markup (never escaped)
    expect(post[0]!.text).toMatch(/^<!subteam\^S0ONCALL> <@U0BOB> <!here> /);
    expect(JSON.stringify(post[0]!.blocks)).toContain('<!subteam^S0ONCALL> <@U0BOB> <!here> 🚨 Incident #1: payments failing');
    expect(JSON.stringify(post[0]!.blocks)).not.toContain('&lt;@U0BOB&gt;');
    expect(step(w, 'notify').detail).toBe('summary to Slack channel CNOTIFY, mentioning @S0ONCALL @U0BOB @here');
    const msg = w.standin.store.find(CHANNEL, m.ts)!;
    expect(blockText(msg)).toMatch(/\*Notified\*\n<!subteam\^S0ONCALL> <@U0BOB> <!here> in <#CNOTIFY> at <!date\^\d+\^\{time\}\|/);
  });
});
