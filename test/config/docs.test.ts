import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configKeyDocs, configReferenceTable } from '../../src/config/docs.js';
import { configExampleYaml } from '../../src/config/docs-example.js';
import { betweenMarkers, MARKER_END, MARKER_START, REFERENCE_YAML, RUNBOOK_MARKERS, spliceReadme } from '../../src/config/docs-files.js';
import { runbookSchema } from '../../src/incidents/runbook-schema.js';
import { parseConfig } from '../../src/config/load.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const readme = join(root, 'README.md');

describe('config reference', () => {
  test('every key is documented with a type, default and description', () => {
    const rows = configKeyDocs();
    expect(rows.find((r) => r.key === 'services.<name>.health.timeout')).toEqual({
      key: 'services.<name>.health.timeout',
      type: 'duration',
      default: '2s',
      description: 'how long one check may take',
    });
    expect(rows.find((r) => r.key === 'services.<name>.command')).toMatchObject({ type: 'string or list of string', default: 'required' });
    expect(rows.find((r) => r.key === 'services.<name>.port')).toMatchObject({ type: 'integer (>= 1, <= 65535) or null', default: 'null' });
    expect(rows.find((r) => r.key === 'log_rotation.max_size')).toMatchObject({ type: 'size', default: '50MB' });
    expect(rows.find((r) => r.key === 'monitor.disks')).toMatchObject({ default: '["/"]' });
    expect(rows.filter((r) => r.description === '')).toEqual([]);
  });

  test('the commented example loads and shows every key', () => {
    const text = configExampleYaml();
    const config = parseConfig(text, { file: join(root, 'config/services.reference.yaml'), env: {} });
    expect(config.serviceNames).toEqual(['llm']);
    for (const row of configKeyDocs()) {
      const last = row.key.split('.').pop()!;
      expect(text).toMatch(new RegExp(`^\\s*${last}:`, 'm'));
    }
  });

  test('splicing replaces what is between the markers and appends them when missing', () => {
    expect(spliceReadme('# x\n', 'T\n')).toBe(`# x\n\n${MARKER_START}\nT\n${MARKER_END}\n`);
    const once = spliceReadme('# x\n', 'old\n');
    expect(spliceReadme(once + 'after\n', 'new\n')).toBe(`# x\n\n${MARKER_START}\nnew\n${MARKER_END}\nafter\n`);
    expect(betweenMarkers(spliceReadme('# x\n', 'T\n'))).toBe('T\n');
  });

  // The generated files are checked in; these keep them from drifting from the schema (`npm run docs` fixes them).
  test('README.md has the current table', () => {
    expect(betweenMarkers(readFileSync(readme, 'utf8'))).toBe(configReferenceTable());
  });

  test('README.md has the current runbook.yaml table, steps included', () => {
    const table = configReferenceTable(runbookSchema);
    expect(table).toContain('| `phases[].steps[].optional` | boolean |');
    expect(betweenMarkers(readFileSync(readme, 'utf8'), RUNBOOK_MARKERS)).toBe(table);
  });

  test(`${REFERENCE_YAML} is current`, () => {
    expect(readFileSync(join(root, REFERENCE_YAML), 'utf8')).toBe(configExampleYaml());
  });
});
