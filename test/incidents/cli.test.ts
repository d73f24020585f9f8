import { afterEach, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { teach } from '../cli/helpers.js';
import { makeTempProject, type TempProject } from '../support/temp-project.js';
import { RUNBOOK } from './harness.js';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

function cliProject(runbook: string = RUNBOOK): TempProject {
  const raw = { logs_dir: 'logs', runbook, alerts: { channel: 'COPS' } };
  project = makeTempProject({ raw, files: { 'services.yaml': stringify({ ...raw, services: {} }) } });
  return project;
}

describe('teach incident', () => {
  test('start, list, show and export on the host', () => {
    const p = cliProject();
    const start = teach(p, ['incident', 'start', 'DB', 'is', 'down']);
    expect(start.stderr).toBe('');
    // No `teach run` here: it says so instead of promising a Slack post.
    expect(start.stdout.trim().split('\n')).toEqual([
      'Incident #1 declared: DB is down (lead tester (host)).',
      'teach run is not running: nothing shows it or reminds anyone of its deadlines until it starts (npm start). Follow it with `teach incident show 1`.',
      'Next: teach incident show 1 · teach incident step 1 <step> run|done|skip',
    ]);

    const list = teach(p, ['incident', 'list']).stdout.split('\n');
    expect(list[0]).toMatch(/^ID\s+STATE\s+TITLE\s+LEAD\s+STARTED\s+PHASE$/);
    expect(list[1]).toMatch(/^#1\s+open\s+DB is down\s+tester \(host\)\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+Immediate response$/);

    const show = teach(p, ['incident', 'show', '1']).stdout;
    expect(show).toContain('Incident #1: DB is down (open)');
    expect(show).toMatch(/Immediate response \(due \d{4}-.* UTC\)/);
    expect(show).toContain('  [ ] verify: Verify that service is restored — open');
    expect(show).toContain('declared the incident: DB is down');
    expect(JSON.parse(teach(p, ['incident', 'show', '1', '--json']).stdout)).toMatchObject({ id: 1, state: 'open', lead: 'cli:tester', timeline: [{ kind: 'declared' }] });

    const md = teach(p, ['incident', 'export', '1']).stdout;
    expect(md).toContain('# Incident #1: DB is down');
    expect(md).toContain('| Time to recover | not reached |');
    const out = teach(p, ['incident', 'export', '1', '-o', 'pm.md']);
    expect(out.stdout.trim()).toBe(`Wrote ${join(p.dir, 'pm.md')}`);

    // the bot (not running here) would post it: the message and its first thread line wait in the outbox
    expect(p.store.outbox.pending('incident:1').map((o) => o.kind)).toEqual(['incident.message', 'incident.thread']);
    const audit = p.store.audit.recent(5).find((a) => a.action === 'incident.declare')!;
    expect([audit.source, audit.actor, audit.outcome]).toEqual(['cli', 'tester', 'ok']);
  });

  test('an unknown incident says how to find the right one', () => {
    const p = cliProject();
    const r = teach(p, ['incident', 'show', '9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('There is no incident #9.');
    expect(r.stderr).toContain('teach incident list');
  });

  test('a broken runbook lists every problem with file:line:col', () => {
    const p = cliProject('runbook.yaml');
    writeFileSync(join(p.dir, 'runbook.yaml'), 'phases:\n  - id: a\n    title: A\n    due: 5m\n    steps:\n      - { id: x, title: X, run: restart-faild }\n  - id: b\n    title: B\n    due: 5m\n    steps: []\n');
    const r = teach(p, ['incident', 'start']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('runbook.yaml:6:33 phases[0].steps[0].run: unknown run action "restart-faild", did you mean "restart-failed"?');
    expect(r.stderr).toContain('runbook.yaml:10:12 phases[1].steps: phase "b" has no steps: add at least one');
  });
});
