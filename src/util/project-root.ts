/** The folder teachops is installed in (where its package.json and README.md are), from any module, built or not. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  // dist/src/util/ when built, src/util/ under the test runner: walk up to the package.json that names teachops.
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'teachops') return (cached = dir);
    if (dirname(dir) === dir) throw new Error('internal: teachops package.json not found above ' + fileURLToPath(import.meta.url));
  }
}

export function teachopsVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
