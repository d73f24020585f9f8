/**
 * The layering of DESIGN.md, checked: the domain (src/supervisor, src/monitor, src/incidents) never imports the
 * adapters (src/slack, src/cli), the operations layer (src/ops) or the composition layer (src/app); it reaches out
 * through ports. Static imports, re-exports, type-only imports and dynamic import() all count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/temp-project.js';

const SRC = join(repoRoot, 'src');
const DOMAIN = ['supervisor', 'monitor', 'incidents'];
const FORBIDDEN = ['slack', 'cli', 'ops', 'app', 'daemon'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module specifier in a file: `from '...'`, `import '...'`, `import('...')`. */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const re of [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of source.matchAll(re)) out.push(m[1]!);
  }
  return out;
}

function violations(): string[] {
  const found: string[] = [];
  for (const area of DOMAIN) {
    for (const file of filesUnder(join(SRC, area))) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, resolve(dirname(file), spec));
        const top = target.split('/')[0]!;
        if (FORBIDDEN.includes(top)) found.push(`${relative(repoRoot, file)} imports ${spec}`);
      }
    }
  }
  return found;
}

describe('layering', () => {
  it('the domain imports nothing from src/slack, src/cli, src/ops or src/app', () => {
    expect(violations()).toEqual([]);
  });

  it('the check sees every kind of import (a test that cannot fail is a defect)', () => {
    const src = `import type { A } from '../ops/types.js';\nexport { B } from "../slack/x.js";\nconst m = await import('../app/run.js');\nimport '../cli/side.js';`;
    expect(specifiers(src)).toEqual(['../ops/types.js', '../slack/x.js', '../cli/side.js', '../app/run.js']);
  });
});
