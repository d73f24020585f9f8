import { afterEach, describe, expect, test } from 'vitest';
import { WebClient } from '@slack/web-api';
import { alertMessage } from '../../src/slack/views/alert.js';
import { CHANNEL, makeWorld, OPERATOR, stepLine, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  expect(world?.standin.rejections() ?? []).toEqual([]);
  await world?.cleanup();
  world = undefined;
});

async function provider(w: World): Promise<string> {
  const port = w.project.config.services.llm!.port!;
  const r = await fetch(`http://127.0.0.1:${port}/health`);
  return ((await r.json()) as { provider: string }).provider;
}

const step = (w: World, id: string) => w.store().incidents.get(1)!.steps.find((s) => s.id === id)!;
const click = (w: World, ts: string, action: string, stepId: string, user = OPERATOR) =>
  w.standin.click(CHANNEL, ts, (el, b) => el.action_id === action && b.block_id === `do:${stepId}`, { user });
const settled = async (w: World, id: string) => {
  await w.standin.waitFor(() => ['done', 'failed', 'open'].includes(step(w, id).state) && w.store().outbox.pendingCount() === 0, { timeoutMs: 15_000, what: `step ${id} to finish` });
  return step(w, id);
};

describe('runbook actions', () => {
  test('Start runbook on an alert declares a linked incident; restart-failed restarts the alerted service', async () => {
    world = await makeWorld();
    const w = world;
    const { alert } = w.store().alerts.open({ key: 'service_down:llm', kind: 'service_down', service: 'llm', subject: null, value: null, threshold: null, detail: 'llm is down' }, w.clock.now());
    const web = new WebClient(w.standin.botToken, { slackApiUrl: w.standin.apiUrl });
    const posted = await web.chat.postMessage({ channel: CHANNEL, ...alertMessage(alert, w.project.config) });
    await w.standin.click(CHANNEL, posted.ts!, 'alert_runbook', { user: OPERATOR });
    const m = await w.incidentMessage();
    expect(m.blocks && JSON.stringify(m.blocks)).toContain('`service_down:llm`');
    // a second click leads to the same incident
    await w.standin.click(CHANNEL, posted.ts!, 'alert_runbook', { user: OPERATOR });
    await w.standin.waitForEphemeral(OPERATOR, (e) => /Incident #1 declared/.test(e.text ?? ''));
    expect(w.store().incidents.list()).toHaveLength(1);

    const before = w.bot.ops.supervisor.runtime('llm')[0]!.pid;
    await click(w, m.ts, 'incident_run', 'restart');
    const s = await settled(w, 'restart');
    const after = w.bot.ops.supervisor.runtime('llm')[0]!.pid;
    expect(after).not.toBe(before);
    expect(s.state).toBe('done');
    expect(s.detail).toBe(`llm restarted (pid ${after})`);
    const audit = w.store().audit.recent(20).map((a) => `${a.action}:${a.outcome}`);
    expect(audit).toEqual(expect.arrayContaining(['incident.declare:ok', 'restart:ok', 'incident.run:ok']));
  });

  test('restart-failed without an alert asks which service; the pick restarts it', async () => {
    world = await makeWorld();
    const w = world;
    await w.standin.slash('incident manual', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    await click(w, m.ts, 'incident_run', 'restart');
    expect((await settled(w, 'restart')).state).toBe('open');
    const ask = await w.standin.waitForMessage(CHANNEL, (x) => x.thread_ts === m.ts && /Which service should be restarted/.test(x.text ?? ''));
    const before = w.bot.ops.supervisor.runtime('backend')[0]!.pid;
    await w.standin.click(CHANNEL, ask.ts, (el) => el.action_id === 'incident_pick' && String(el.value).includes('"backend"'), { user: OPERATOR });
    const s = await settled(w, 'restart');
    expect(s.state).toBe('done');
    expect(w.bot.ops.supervisor.runtime('backend')[0]!.pid).not.toBe(before);
  });

  test('fallback restarts the llm with its overrides (provider openai) and Switch back restores it', async () => {
    world = await makeWorld();
    const w = world;
    expect(await provider(w)).toBe('tongyi');
    await w.standin.slash('incident tongyi down', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    await click(w, m.ts, 'incident_run', 'fallback');
    const s = await settled(w, 'fallback');
    expect(s.state).toBe('done');
    expect(s.detail).toMatch(/^llm runs its fallback \(LLM_PROVIDER=openai\), pid \d+$/);
    expect(await provider(w)).toBe('openai');
    expect(w.bot.ops.supervisor.runtime('llm')[0]!.overrides).toEqual({ LLM_PROVIDER: 'openai' });
    const offer = await w.standin.waitForMessage(CHANNEL, (x) => x.thread_ts === m.ts && /runs its fallback/.test(x.text ?? ''));
    await w.standin.click(CHANNEL, offer.ts, 'incident_switch_back', { user: OPERATOR });
    await w.standin.waitForMessage(CHANNEL, (x) => x.thread_ts === m.ts && /switched back to its normal configuration/.test(x.text ?? ''), { timeoutMs: 15_000 });
    expect(await provider(w)).toBe('tongyi');
    await w.standin.click(CHANNEL, offer.ts, 'incident_switch_back', { user: OPERATOR });
    await w.standin.waitForEphemeral(OPERATOR, (e) => /llm already runs its normal configuration/.test(e.text ?? ''));
  });

  test('verify fails while a health check fails, naming it, and ticks after three passes in a row', async () => {
    world = await makeWorld();
    const w = world;
    await w.standin.slash('incident backend', { user: OPERATOR, channel: CHANNEL });
    const m = await w.incidentMessage();
    const rt = w.bot.ops.supervisor.runtime('backend')[0]!;
    process.kill(-rt.pgid!, 'SIGKILL'); // our own demo service, crashed on purpose (desired state stays running)
    await w.standin.waitFor(() => w.bot.ops.supervisor.runtime('backend')[0]!.state !== 'running');
    await click(w, m.ts, 'incident_run', 'verify');
    const failed = await settled(w, 'verify');
    expect(failed.state).toBe('failed');
    expect(failed.detail).toMatch(/^health check failed in round 1 of 3: backend: \S/);
    let msg = w.standin.store.find(CHANNEL, m.ts)!;
    expect(stepLine(msg, 'verify')).toContain('failed: health check failed');
    expect(w.store().incidents.get(1)!.recovered_at).toBeNull();

    const r = await w.bot.ops.supervisor.start('backend', { by: 'test' });
    expect(r.every((x) => x.ok)).toBe(true);
    await w.standin.click(CHANNEL, m.ts, (el, b) => el.action_id === 'incident_run' && b.block_id === 'do:verify' && JSON.stringify(el.text).includes('Run again'), { user: OPERATOR });
    const ok = await settled(w, 'verify');
    expect(ok.state).toBe('done');
    expect(ok.detail).toBe('every health check passed 3 times in a row (backend, llm)');
    expect(w.store().incidents.get(1)!.recovered_at).not.toBeNull();
    msg = w.standin.store.find(CHANNEL, m.ts)!;
    expect(stepLine(msg, 'verify')).toContain('done by');
  });
});
