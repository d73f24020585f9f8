import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { loadRunbook, parseRunbook } from '../../src/incidents/runbook-load.js';
import { ConfigError } from '../../src/config/problems.js';
import { localize } from '../../src/incidents/text.js';

const root = join(import.meta.dirname, '../..');
const y = (...lines: string[]) => lines.join('\n') + '\n';
const F = 'config/runbook.yaml';

function problems(text: string): string[] {
  try {
    parseRunbook(text, { file: join(root, F), cwd: root });
  } catch (e) {
    if (e instanceof ConfigError) return e.message.split('\n').slice(1);
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('the shipped runbook', () => {
  test('is the ops guide process: 5/15/60-minute phases, their steps and actions, both locales', () => {
    const rb = loadRunbook(join(root, 'config/runbook.yaml'));
    expect(rb.phases.map((p) => [p.id, p.due_ms / 60_000])).toEqual([['respond', 5], ['recover', 15], ['root-cause', 60]]);
    expect(rb.phases.flatMap((p) => p.steps.map((s) => `${s.id}:${s.kind}${s.run ? `:${s.run}` : ''}`))).toEqual([
      'scope:run:status', 'contingency:manual', 'notify:run:notify',
      'restart:run:restart-failed', 'fallback:run:fallback', 'verify:run:verify',
      'cause:text', 'prevent:text', 'docs:text',
    ]);
    const titles = rb.phases.map((p) => [localize(p.title, 'en'), localize(p.title, 'zh-CN')]);
    expect(titles).toEqual([['Immediate response', '立即响应'], ['Quick recovery', '快速恢复'], ['Root cause analysis', '根因分析']]);
    expect(localize(rb.phases[1]!.steps[1]!.title, 'zh-CN')).toBe('切换备用方案');
    expect(rb.phases.map((p) => p.milestone ?? null)).toEqual([null, 'recovered', 'root_cause']);
  });
});

describe('runbook problems: every one at once with file:line:col and path', () => {
  test('unknown run action (did you mean), duplicate ids, a phase without steps', () => {
    const text = y(
      'phases:',
      '  - id: respond',
      '    title: Respond',
      '    due: 5m',
      '    steps:',
      '      - { id: scope, title: Scope, run: staus }',
      '      - { id: scope, title: Again }',
      '  - id: respond',
      '    title: Twice',
      '    due: 10m',
      '    steps: []',
      '  - id: empty',
      '    title: No steps key',
      '    due: 1h',
    );
    expect(problems(text)).toEqual([
      `${F}:6:41 phases[0].steps[0].run: unknown run action "staus", did you mean "status"?`,
      `${F}:7:15 phases[0].steps[1].id: duplicate step id "scope" (first used at phases[0].steps[0]); step ids must be unique in the runbook`,
      `${F}:8:9 phases[1].id: duplicate phase id "respond" (first used at phases[0])`,
      `${F}:11:12 phases[1].steps: phase "respond" has no steps: add at least one`,
      `${F}:12:5 phases[2].steps: phase "empty" has no steps: add at least one`,
    ]);
  });

  test('an unknown action far from any name lists the built-in ones; unknown keys and bad durations', () => {
    const text = y('phases:', '  - id: a', '    title: A', '    due: soon', '    steps:', '      - { id: x, title: X, run: reboot-host, colour: red }');
    expect(problems(text)).toEqual([
      `${F}:4:10 phases[0].due: expected a duration like "5s" or "500ms", got "soon"`,
      `${F}:6:33 phases[0].steps[0].run: unknown run action "reboot-host" (built-in actions: status, restart-failed, fallback, verify, notify)`,
      `${F}:6:46 phases[0].steps[0].colour: unknown key "colour" (known keys: id, title, run, input, optional)`,
    ]);
  });

  test('run and input together are refused; a title may be per locale', () => {
    const text = y('phases:', '  - id: a', '    title: { en: A, zh-CN: 甲 }', '    due: 1m', '    steps:', '      - { id: x, title: X, run: verify, input: text }');
    expect(problems(text)).toEqual([`${F}:6:41 phases[0].steps[0].input: a step either runs an action (run) or asks for text (input), not both`]);
  });

  test('more steps than one Slack message can show are refused before an incident needs them', () => {
    const steps = Array.from({ length: 24 }, (_, i) => `      - { id: s${i}, title: Step ${i} }`);
    const text = y('phases:', '  - id: a', '    title: A', '    due: 5m', '    steps:', ...steps);
    expect(problems(text)).toEqual([`${F}:2:3 phases: 24 steps in 1 phase do not fit in one Slack message (at most 23 with 1 phase): merge or drop steps`]);
  });

  test('a missing file says which and how to fix it', () => {
    expect(() => loadRunbook(join(root, 'config/nope.yaml'))).toThrow(/cannot read the runbook config\/nope.yaml/);
  });
});
