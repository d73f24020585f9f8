/**
 * The secret-shape table end to end through the terminal: log lines a service wrote (every shape in the table, plus
 * a value known only from the service's env_file) through `teach logs`, `teach monitor full`, `teach monitor report`
 * (output and file) and the audit log; and the one hint the old redactor ate ("add it to ...") comes out whole.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoProject, teach } from './helpers.js';
import { repoRoot } from '../support/temp-project.js';
import { SECRET_LINES } from '../util/redact-table.js';

const ENV_FILE_VALUE = 'envFileOnlyValue-77aa';

/** Four shapes per line, so the scanner's last five error lines hold every one of them. */
function errorLines(): string[] {
  const out: string[] = [];
  for (let i = 0; i < SECRET_LINES.length; i += 4) out.push(`ERROR ${SECRET_LINES.slice(i, i + 4).map((c) => c.line).join(' | ')}`);
  return [...out, `ERROR using the key ${ENV_FILE_VALUE} from the env file`];
}

function expectClean(what: string, text: string): void {
  for (const c of SECRET_LINES) expect(text, `${what}: ${c.name}`).not.toContain(c.secret);
  expect(text, `${what}: env_file value`).not.toContain(ENV_FILE_VALUE);
}

describe('secret shapes through the CLI', () => {
  it('teach logs, monitor full, monitor report and audit rows show no secret of the table', async () => {
    const p = await demoProject({ raw: { runbook: join(repoRoot, 'config', 'runbook.yaml') }, files: { 'llm.env': `DASHSCOPE_API_KEY=sk-testkey1234567890abcdef\nUPSTREAM_TOKEN=${ENV_FILE_VALUE}\n` } });
    const log = join(p.logsDir, 'backend.log');
    appendFileSync(log, `${errorLines().join('\n')}\n`);

    const logs = teach(p, ['logs', 'backend', '-n', '100']);
    expect(logs.code).toBe(0);
    expectClean('teach logs', logs.stdout);
    expect(logs.stdout).toContain('[redacted]');
    expect(logs.stdout).toContain('Authorization: Basic [redacted]');
    expect(logs.stdout).toContain('postgres://app:[redacted]@db.internal:5432/app');

    const full = teach(p, ['monitor', 'full']);
    expectClean('monitor full', full.stdout);
    expect(full.stdout).toContain('[redacted]');
    expectClean('monitor full --json', teach(p, ['monitor', 'full', '--json']).stdout);

    const report = teach(p, ['monitor', 'report']);
    expect(report.code).toBe(0);
    const file = /(\/\S+report-\S+\.md)/.exec(report.stdout)?.[1];
    expect(file, report.stdout).toBeDefined();
    const md = readFileSync(file!, 'utf8');
    expectClean('report file', md);
    expect(md).toContain('[redacted]');

    const started = teach(p, ['incident', 'start', 'leaked', 'KEY=sk-abcdefghijklmnop12345', 'and', 'password=hunter2hunter2']);
    expect(started.code, started.stderr).toBe(0);
    const audit = teach(p, ['audit', '--json', '-n', '50']);
    expect(audit.stdout).toContain('leaked KEY=[redacted]');
    expect(teach(p, ['incident', 'list']).stdout).not.toContain('sk-abcdefghijklmnop12345');
    expect(audit.stdout).not.toContain('sk-abcdefghijklmnop12345');
    expect(audit.stdout).not.toContain('hunter2hunter2');
    const db = readFileSync(join(p.logsDir, 'teachops.db')).toString('latin1');
    expect(db).not.toContain('sk-abcdefghijklmnop12345');
  });

  it('keeps the fix hint whole: "add it to" is a sentence, not a credential', async () => {
    const p = await demoProject({ files: { 'llm.env': 'OTHER=1\n' } });
    const r = teach(p, ['start', 'llm']);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/llm needs DASHSCOPE_API_KEY: add it to \S*llm\.env/);
  });
});
