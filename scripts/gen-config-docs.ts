/**
 * `npm run docs`: regenerates the config reference from the schema. The table goes into README.md between the
 * config-reference markers (appended if missing), or into docs/config-reference.md when there is no README;
 * the commented example goes into config/services.reference.yaml; the runbook.yaml table between the runbook-reference
 * markers. Run from the repository root (or pass it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { configReferenceTable } from '../src/config/docs.js';
import { configExampleYaml } from '../src/config/docs-example.js';
import { REFERENCE_DOC, REFERENCE_YAML, RUNBOOK_MARKERS, referenceDoc, spliceReadme } from '../src/config/docs-files.js';
import { runbookSchema } from '../src/incidents/runbook-schema.js';

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}

export function generateConfigDocs(root: string): void {
  const table = configReferenceTable();
  const readme = join(root, 'README.md');
  // The runbook.yaml keys (phases[].steps[].optional ...) go in their own table, in the runbook section.
  if (existsSync(readme)) write(readme, spliceReadme(spliceReadme(readFileSync(readme, 'utf8'), table), configReferenceTable(runbookSchema), RUNBOOK_MARKERS));
  else write(join(root, REFERENCE_DOC), referenceDoc(table));
  write(join(root, REFERENCE_YAML), configExampleYaml());
}

generateConfigDocs(resolve(process.argv[2] ?? process.cwd()));
