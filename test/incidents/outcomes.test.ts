/**
 * Step outcomes (issue 12): done, failed, skipped with a reason, not needed once the phase's goal is met; optional
 * steps; a phase is complete when its required steps are closed, and reminders name only what is really open.
 * The engine over a real store, deadlines on a ManualClock.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import { IncidentEngine } from '../../src/incidents/engine.js';
import { DeadlineScheduler } from '../../src/incidents/deadlines.js';
import { loadRunbook, parseRunbook } from '../../src/incidents/runbook-load.js';
import { postmortemMarkdown } from '../../src/incidents/postmortem.js';
import { phaseComplete } from '../../src/incidents/progress.js';
import { eventText } from '../../src/incidents/timeline-text.js';
import { EmptyReasonError, StepStateError } from '../../src/incidents/errors.js';
import { outboxNotifications } from '../../src/notify/outbox.js';
import { createBackground } from '../../src/util/background.js';
import { makeTempProject, repoRoot, type TempProject } from '../support/temp-project.js';

const runbook = loadRunbook(join(repoRoot, 'config/runbook.yaml'));
const MIN = 60_000;
let project: TempProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

function setup() {
  project = makeTempProject();
  const clock = new ManualClock();
  const repo = project.store.incidents;
  const engine = new IncidentEngine({ repo, clock, locale: 'en', notifications: outboxNotifications(project.store.outbox, () => clock.now()) });
  const background = createBackground(() => undefined, { clock });
  const reminders = (id: number) => repo.events(id).filter((e) => e.kind === 'reminder').map((e) => `${e.step_id}: ${e.text}`);
  return { clock, repo, engine, background, reminders };
}

const stepOf = (e: IncidentEngine, id: number, step: string) => e.get(id).steps.find((s) => s.id === step)!;

describe('not needed: the phase goal is met', () => {
  test('restart failed, fallback succeeded, verify passed: restart is not needed, the phase complete, no reminder for it', () => {
    const { engine, clock, repo, background, reminders } = setup();
    const inc = engine.declare({ title: 'llm is down', by: 'slack:U1', runbook });
    const sched = new DeadlineScheduler({ repo, engine, clock, background });
    sched.sync();
    clock.advance(2 * MIN);
    engine.beginRun(inc.id, 'restart', 'slack:U1');
    engine.finishRun(inc.id, 'restart', 'slack:U1', { result: 'failed', detail: 'llm: API key not set' });
    engine.beginRun(inc.id, 'fallback', 'slack:U1');
    engine.finishRun(inc.id, 'fallback', 'slack:U1', { result: 'done', detail: 'llm runs its fallback (LLM_PROVIDER=openai), pid 7' });
    clock.advance(MIN);
    engine.beginRun(inc.id, 'verify', 'slack:U1');
    const after = engine.finishRun(inc.id, 'verify', 'slack:U1', { result: 'done', detail: 'every health check passed 3 times in a row (llm)' });

    expect(stepOf(engine, inc.id, 'restart')).toMatchObject({ state: 'not_needed', by: 'teachops', at: clock.now() });
    expect(phaseComplete(after, 'recover')).toBe(true);
    expect(after.recovered_at).toBe(clock.now());
    const line = repo.events(inc.id).find((e) => e.kind === 'step_not_needed')!;
    expect(line.step_id).toBe('restart');
    expect(eventText(line, after, 'en', 'plain')).toBe('“Restart the failed service” is not needed: “Verify that service is restored” passed');

    clock.advance(15 * MIN);
    // respond is still open (nobody ticked it), recover is complete: only respond is reminded of
    expect(reminders(inc.id)).toEqual(['respond: scope,contingency,notify']);
    sched.stop();
  });

  test('verify passing closes only the remediation steps of its own phase, and never a step that ran fine', () => {
    const { engine } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    engine.beginRun(inc.id, 'restart', 'slack:U1');
    engine.finishRun(inc.id, 'restart', 'slack:U1', { result: 'done', detail: 'llm restarted (pid 9)' });
    engine.beginRun(inc.id, 'verify', 'slack:U1');
    const after = engine.finishRun(inc.id, 'verify', 'slack:U1', { result: 'done', detail: 'ok' });
    expect(after.steps.map((s) => `${s.id}:${s.state}`)).toEqual([
      'scope:open', 'contingency:open', 'notify:open', 'restart:done', 'fallback:not_needed', 'verify:done', 'cause:open', 'prevent:open', 'docs:open',
    ]);
    // a not-needed step takes no further clicks from an old render
    expect(() => engine.beginRun(inc.id, 'fallback', 'slack:U2')).toThrow(StepStateError);
  });
});

describe('skipped, with a reason', () => {
  test('a skip needs a reason; skipped steps close the phase; the reminder names only what is still open', () => {
    const { engine, clock, repo, background, reminders } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    const sched = new DeadlineScheduler({ repo, engine, clock, background });
    sched.sync();
    expect(() => engine.skipStep(inc.id, 'notify', 'slack:U1', '   ')).toThrow(EmptyReasonError);
    clock.advance(MIN);
    const after = engine.skipStep(inc.id, 'notify', 'slack:U2', 'the on-call is already in the channel');
    expect(stepOf(engine, inc.id, 'notify')).toMatchObject({ state: 'skipped', by: 'slack:U2', detail: 'the on-call is already in the channel' });
    expect(after.acknowledged_at).toBe(clock.now());
    const line = repo.events(inc.id).find((e) => e.kind === 'step_skipped')!;
    expect(eventText(line, after, 'en', 'plain')).toBe('@U2 skipped “Notify the people concerned”: the on-call is already in the channel');
    expect(() => engine.skipStep(inc.id, 'notify', 'slack:U3', 'again')).toThrow(/already handled by @U2/);

    clock.advance(4 * MIN);
    expect(reminders(inc.id)).toEqual(['respond: scope,contingency']);
    engine.completeStep(inc.id, 'contingency', 'slack:U1');
    engine.skipStep(inc.id, 'scope', 'slack:U1', 'scope is known: only llm');
    expect(phaseComplete(engine.get(inc.id), 'respond')).toBe(true);
    sched.stop();
  });

  test('a failed step may be skipped; a running one may not', () => {
    const { engine } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    engine.beginRun(inc.id, 'restart', 'slack:U1');
    expect(() => engine.skipStep(inc.id, 'restart', 'slack:U1', 'no')).toThrow(/already running/);
    engine.finishRun(inc.id, 'restart', 'slack:U1', { result: 'failed', detail: 'port in use' });
    expect(engine.skipStep(inc.id, 'restart', 'slack:U1', 'the fallback is the way').steps.find((s) => s.id === 'restart')!.state).toBe('skipped');
  });
});

describe('optional steps', () => {
  const text = [
    'phases:',
    '  - id: respond',
    '    title: Respond',
    '    due: 5m',
    '    steps:',
    '      - { id: scope, title: Scope }',
    '      - { id: page, title: Page the vendor, optional: true }',
    '  - id: recover',
    '    title: Recover',
    '    due: 15m',
    '    milestone: recovered',
    '    steps:',
    '      - { id: fix, title: Fix it }',
    '',
  ].join('\n');

  test('never hold a phase open, are not in reminders, and show as optional', () => {
    const { engine, clock, repo, background, reminders } = setup();
    const rb = parseRunbook(text, { file: join(repoRoot, 'config/test-runbook.yaml') });
    expect(rb.phases[0]!.steps.map((s) => s.optional === true)).toEqual([false, true]);
    const inc = engine.declare({ title: 'x', by: 'cli:alice', runbook: rb });
    expect(inc.steps.find((s) => s.id === 'page')!.optional).toBe(true);
    const sched = new DeadlineScheduler({ repo, engine, clock, background });
    sched.sync();
    clock.advance(5 * MIN);
    expect(reminders(inc.id)).toEqual(['respond: scope']);
    engine.completeStep(inc.id, 'scope', 'cli:alice');
    expect(phaseComplete(engine.get(inc.id), 'respond')).toBe(true);
    // an optional step can still be done afterwards
    expect(engine.completeStep(inc.id, 'page', 'cli:alice').steps.find((s) => s.id === 'page')!.state).toBe('done');
    sched.stop();
  });

  test('`optional` must be a boolean: the runbook names the place', () => {
    const bad = text.replace('optional: true', 'optional: sometimes');
    expect(() => parseRunbook(bad, { file: join(repoRoot, 'config/test-runbook.yaml'), cwd: repoRoot })).toThrow(/test-runbook\.yaml:7:\d+ phases\[0\]\.steps\[1\]\.optional: expected true or false/);
  });
});

describe('the postmortem shows each phase as met / late / skipped, with times', () => {
  test('met in time, late, skipped; the steps with who and when', () => {
    const { engine, clock, repo } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    clock.advance(3 * MIN);
    engine.beginRun(inc.id, 'scope', 'slack:U1');
    engine.finishRun(inc.id, 'scope', 'slack:U1', { result: 'done', detail: '2 of 2 service(s) running' });
    engine.completeStep(inc.id, 'contingency', 'slack:U1');
    engine.skipStep(inc.id, 'notify', 'slack:U1', 'known already');
    clock.advance(17 * MIN); // 20 minutes in: recover is late
    engine.beginRun(inc.id, 'verify', 'slack:U1');
    engine.finishRun(inc.id, 'verify', 'slack:U1', { result: 'done', detail: 'ok' });
    clock.advance(5 * MIN);
    for (const s of ['cause', 'prevent', 'docs']) engine.skipStep(inc.id, s, 'cli:alice', 'a known bug, see the vendor ticket');
    engine.resolve(inc.id, 'slack:U1');
    const md = postmortemMarkdown({ incident: engine.get(inc.id), events: repo.events(inc.id), locale: 'en' });
    expect(md).toContain('### Immediate response: met, complete at 2026-01-05 09:03:00 UTC (due 09:05:00 UTC)');
    expect(md).toContain('### Quick recovery: late, complete at 2026-01-05 09:20:00 UTC (due 09:15:00 UTC, 5m 0s late)');
    expect(md).toContain('### Root cause analysis: skipped at 2026-01-05 09:25:00 UTC (due 10:00:00 UTC)');
    expect(md).toContain('- [-] Notify the people concerned — skipped by @U1 2026-01-05 09:03:00 UTC: known already');
    expect(md).toContain('- [-] Restart the failed service — not needed 2026-01-05 09:20:00 UTC: “Verify that service is restored” passed');
    expect(md).toContain('- [x] Verify that service is restored — done by @U1 2026-01-05 09:20:00 UTC: ok');
    expect(engine.get(inc.id).root_cause_at).toBeNull();
  });
});
