/** `teach prometheus rules` as a user runs it: to stdout (notes on stderr), to a file, and a file it cannot write. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { describe, expect, it, onTestFinished } from 'vitest';
import { teach } from '../cli/helpers.js';
import { makeTempProject } from '../support/temp-project.js';
import { findEngine, skipNote } from '../support/engines.js';

const promtool = findEngine('promtool');

function project(raw: Record<string, unknown> = {}) {
  const p = makeTempProject({ raw, services: { api: { command: 'node api.mjs', health: { url: 'http://127.0.0.1:8000/health' } } } });
  onTestFinished(() => p.cleanup());
  return p;
}

describe('teach prometheus rules', () => {
  it('prints the rule file on stdout and its notes on stderr, so a redirect gives a clean file', () => {
    const p = project();
    const r = teach(p, ['prometheus', 'rules']);
    expect(r.code).toBe(0);
    const file = parse(r.stdout) as { groups: { rules: { alert: string; annotations: { runbook_url: string } }[] }[] };
    expect(file.groups[0]!.rules.map((x) => x.alert)).toContain('TeachopsServiceDown');
    // no runbook configured: the README's Alerts section next to this teachops
    expect(file.groups[0]!.rules[0]!.annotations.runbook_url).toMatch(/^file:\/\/.*\/README\.md#alerts$/);
    expect(r.stderr).toContain('services.yaml has no metrics section');
    expect(r.stderr).toContain('set metrics.runbook_url');
  });

  it.skipIf(!promtool)(`--out writes a file promtool accepts${skipNote({ promtool })}`, async () => {
    const p = project({ metrics: { listen: '127.0.0.1:9464', host: 'lab-2', runbook_url: 'https://wiki.example.org/ops#{alert}' } });
    const r = teach(p, ['prometheus', 'rules', '--out', 'teachops.rules.yml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote \d+ alerting rules for host "lab-2" to teachops\.rules\.yml/);
    expect(r.stderr).toBe('');
    const text = readFileSync(join(p.dir, 'teachops.rules.yml'), 'utf8');
    expect(text).toContain('runbook_url: https://wiki.example.org/ops#service_down');
    const check = await execa(promtool!, ['check', 'rules', join(p.dir, 'teachops.rules.yml')], { reject: false });
    expect(check.exitCode).toBe(0);
  });

  it('a file it cannot write is a clear error with how to fix it', () => {
    const p = project();
    const r = teach(p, ['prometheus', 'rules', '--out', 'no/such/dir/rules.yml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write no/such/dir/rules.yml');
    expect(r.stderr).toContain('choose a folder that exists');
  });
});
