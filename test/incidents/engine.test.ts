import { afterEach, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import { IncidentEngine } from '../../src/incidents/engine.js';
import { DeadlineScheduler } from '../../src/incidents/deadlines.js';
import { loadRunbook } from '../../src/incidents/runbook-load.js';
import { postmortemMarkdown } from '../../src/incidents/postmortem.js';
import { EmptyTextError, StepStateError, WrongStepKindError } from '../../src/incidents/errors.js';
import { makeTempProject, repoRoot, type TempProject } from '../support/temp-project.js';
import { hostSnapshot } from '../../src/probes/snapshot.js';
import { outboxNotifications } from '../../src/notify/outbox.js';
import { createBackground } from '../../src/util/background.js';

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
  return { clock, repo, engine, store: project.store, background };
}

describe('incident engine', () => {
  test('declaring copies the runbook: every step open, deadlines from the declaration; the message and a thread line are queued', () => {
    const { engine, clock, repo } = setup();
    const inc = engine.declare({ title: 'LLM down', by: 'slack:U1', runbook });
    expect(inc.lead).toBe('slack:U1');
    expect(inc.steps.map((s) => s.state)).toEqual(Array(9).fill('open'));
    expect(inc.phases.map((p) => (p.due_at - clock.now()) / MIN)).toEqual([5, 15, 60]);
    expect(project!.store.outbox.pending(`incident:${inc.id}`).map((o) => o.kind)).toEqual(['incident.message', 'incident.thread']);
    expect(repo.events(inc.id).map((e) => e.kind)).toEqual(['declared']);
  });

  test('a manual step is done once; a second click and the wrong button are refused with the current state', () => {
    const { engine, clock } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    clock.advance(70_000);
    const after = engine.completeStep(inc.id, 'contingency', 'slack:U2');
    const step = after.steps.find((s) => s.id === 'contingency')!;
    expect([step.state, step.by, step.at]).toEqual(['done', 'slack:U2', clock.now()]);
    expect(after.acknowledged_at).toBe(clock.now());
    expect(() => engine.completeStep(inc.id, 'contingency', 'slack:U3')).toThrow(StepStateError);
    expect(() => engine.completeStep(inc.id, 'contingency', 'slack:U3')).toThrow(/already handled by @U2/);
    expect(() => engine.completeStep(inc.id, 'verify', 'slack:U3')).toThrow(WrongStepKindError);
  });

  test('text steps keep their text; empty text is refused; the root-cause milestone needs all its steps', () => {
    const { engine, clock } = setup();
    const inc = engine.declare({ title: 'x', by: 'cli:alice', runbook });
    expect(() => engine.submitText(inc.id, 'cause', 'slack:U1', '   ')).toThrow(EmptyTextError);
    clock.advance(MIN);
    engine.submitText(inc.id, 'cause', 'slack:U1', 'disk full on /var');
    engine.submitText(inc.id, 'prevent', 'slack:U1', 'alert at 80%');
    expect(engine.get(inc.id).root_cause_at).toBeNull();
    clock.advance(MIN);
    const done = engine.submitText(inc.id, 'docs', 'slack:U1', 'ops guide updated');
    expect(done.steps.find((s) => s.id === 'cause')!.text).toBe('disk full on /var');
    expect(done.root_cause_at).toBe(clock.now());
  });

  test('a run step goes running -> done/failed; a failed one may run again', () => {
    const { engine } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    engine.beginRun(inc.id, 'verify', 'slack:U1');
    expect(() => engine.beginRun(inc.id, 'verify', 'slack:U2')).toThrow(/already running \(started by @U1\)/);
    engine.finishRun(inc.id, 'verify', 'slack:U1', { result: 'failed', detail: 'backend: ECONNREFUSED' });
    engine.beginRun(inc.id, 'verify', 'slack:U2');
    const after = engine.finishRun(inc.id, 'verify', 'slack:U2', { result: 'done', detail: 'ok' });
    expect(after.steps.find((s) => s.id === 'verify')!.state).toBe('done');
  });

  test('take lead changes the lead once per person', () => {
    const { engine } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    expect(engine.takeLead(inc.id, 'slack:U2')).toBe(true);
    expect(engine.takeLead(inc.id, 'slack:U2')).toBe(false);
    expect(engine.get(inc.id).lead).toBe('slack:U2');
  });
});

describe('deadlines', () => {
  test('the 5-minute reminder fires once, mentions the lead, and a restarted scheduler does not repeat it', () => {
    const { engine, clock, repo, background } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    engine.takeLead(inc.id, 'slack:U9');
    const sched = new DeadlineScheduler({ repo, engine, clock, background });
    sched.sync();
    clock.advance(5 * MIN - 1);
    expect(repo.events(inc.id).filter((e) => e.kind === 'reminder')).toHaveLength(0);
    clock.advance(1);
    const reminders = () => repo.events(inc.id).filter((e) => e.kind === 'reminder');
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]).toMatchObject({ actor: 'slack:U9', step_id: 'respond', text: 'scope,contingency,notify' });
    sched.sync();
    clock.advance(MIN);
    // the bot restarts: a new scheduler over the same store
    sched.stop();
    const again = new DeadlineScheduler({ repo, engine, clock, background });
    again.sync();
    clock.advance(MIN);
    expect(reminders()).toHaveLength(1);
    again.stop();
  });

  test('a deadline missed while the bot was down fires at once after the restart; a complete phase gets none', () => {
    const { engine, clock, repo, background } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    for (const s of ['cause', 'prevent', 'docs']) engine.submitText(inc.id, s, 'slack:U1', 'n');
    clock.advance(70 * MIN); // nobody was watching
    const sched = new DeadlineScheduler({ repo, engine, clock, background });
    sched.sync();
    clock.advance(0);
    expect(repo.events(inc.id).filter((e) => e.kind === 'reminder').map((e) => e.step_id)).toEqual(['respond', 'recover']);
    sched.stop();
  });

  test('no reminder for a resolved incident', () => {
    const { engine, clock, repo, background } = setup();
    const inc = engine.declare({ title: 'x', by: 'slack:U1', runbook });
    const sched = new DeadlineScheduler({ repo, engine, clock, background });
    sched.sync();
    engine.resolve(inc.id, 'slack:U1');
    clock.advance(2 * 60 * MIN);
    expect(repo.events(inc.id).some((e) => e.kind === 'reminder')).toBe(false);
  });
});

describe('postmortem', () => {
  test('timeline with who and when, times to acknowledge / recover / root cause, notes', () => {
    const { engine, clock, repo } = setup();
    const start = clock.now();
    const inc = engine.declare({
      title: 'LLM down',
      by: 'slack:U1',
      runbook,
      alerts: [{ key: 'service_down:llm', alert_id: 7, service: 'llm', title: 'llm is down', fired_at: start - MIN }],
    });
    clock.advance(2 * MIN);
    engine.completeStep(inc.id, 'contingency', 'slack:U2');
    clock.advance(8 * MIN);
    engine.beginRun(inc.id, 'verify', 'slack:U2');
    engine.finishRun(inc.id, 'verify', 'slack:U2', { result: 'done', detail: 'every health check passed' });
    engine.markRecovered(inc.id);
    clock.advance(30 * MIN);
    for (const s of ['cause', 'prevent', 'docs']) engine.submitText(inc.id, s, 'cli:alice', `${s} note`);
    clock.advance(MIN);
    engine.resolve(inc.id, 'slack:U1');
    const md = postmortemMarkdown({ incident: engine.get(inc.id), events: repo.events(inc.id), locale: 'en' });
    expect(md).toContain('# Incident #1: LLM down');
    // Measured from the alert's first firing (a minute before the declaration), each row saying from what to what.
    expect(md).toContain('| Time to acknowledge | 1m 0s | from `service_down:llm` firing (08:59:00 UTC) to @U1 declaring the incident (09:00:00 UTC) |');
    expect(md).toContain('| Time to recover | 11m 0s | from `service_down:llm` firing (08:59:00 UTC) to “Verify that service is restored” passing (09:10:00 UTC) |');
    expect(md).toContain('| Time to root cause | 41m 0s | from `service_down:llm` firing (08:59:00 UTC) to “Root cause analysis” complete (09:40:00 UTC) |');
    expect(md).toContain('- `service_down:llm` llm is down (fired 2026-01-05 08:59:00 UTC)');
    const rows = md.split('\n').filter((l) => /^\| 2026/.test(l));
    expect(rows).toEqual([
      '| 2026-01-05 09:00:00 UTC | @U1 | @U1 declared the incident: LLM down |',
      '| 2026-01-05 09:02:00 UTC | @U2 | @U2 marked “Start the contingency plan” done |',
      '| 2026-01-05 09:10:00 UTC | @U2 | @U2 ran “Verify that service is restored”… |',
      '| 2026-01-05 09:10:00 UTC | @U2 | “Verify that service is restored” done (@U2): every health check passed |',
      '| 2026-01-05 09:10:00 UTC | teachops | “Restart the failed service” is not needed: “Verify that service is restored” passed |',
      '| 2026-01-05 09:10:00 UTC | teachops | “Switch to the fallback” is not needed: “Verify that service is restored” passed |',
      '| 2026-01-05 09:40:00 UTC | alice (host) | alice (host) wrote “Analyse the cause”: cause note |',
      '| 2026-01-05 09:40:00 UTC | alice (host) | alice (host) wrote “Prevention measures”: prevent note |',
      '| 2026-01-05 09:40:00 UTC | alice (host) | alice (host) wrote “Update the ops docs”: docs note |',
      '| 2026-01-05 09:41:00 UTC | @U1 | @U1 resolved the incident |',
    ]);
    expect(md).toContain('### Analyse the cause\n\ncause note');
  });

  test('the host snapshot taken at resolution is in it; secrets never are', async () => {
    const { engine, repo } = setup();
    const inc = engine.declare({ title: 'key sk-abcdefghijklmnop leaked', by: 'cli:alice', runbook });
    engine.submitText(inc.id, 'cause', 'cli:alice', 'DASHSCOPE_API_KEY=abc123secret was logged');
    engine.resolve(inc.id, 'cli:alice');
    const md = postmortemMarkdown({ incident: engine.get(inc.id), events: repo.events(inc.id), resolved: await hostSnapshot({ top: 2 }), locale: 'zh-CN' });
    expect(md).toContain('## 主机快照');
    expect(md).toMatch(/- CPU: \d+\.\d% \(\d+ cores\), load /);
    expect(md).toMatch(/\| CPU \| \d+ \|/);
    expect(md).not.toContain('abc123secret');
    expect(md).not.toContain('sk-abcdefghijklmnop');
  });
});
