/**
 * The commented example services.yaml generated from the schema: every key, its description as a comment and
 * its default as the value, except where an example value says more (marked in the comment). It loads as is.
 */
import { z } from 'zod';
import { configSchema } from './schema.js';
import { unwrap } from './schema-walk.js';
import { inlineYaml } from './docs.js';

const EXAMPLE_SERVICE = 'llm';

/** Values shown instead of the default, by dotted key (services under EXAMPLE_SERVICE). */
const EXAMPLES: Record<string, unknown> = {
  'services.llm.title': 'LLM service',
  'services.llm.command': 'python3 -m uvicorn server:app --host 127.0.0.1 --port 8001',
  'services.llm.cwd': '../llm',
  'services.llm.env': { LLM_PROVIDER: 'tongyi' },
  'services.llm.env_file': '../.env',
  'services.llm.required_env': ['DASHSCOPE_API_KEY'],
  'services.llm.port': 8001,
  'services.llm.health.url': 'http://127.0.0.1:8001/health',
  'services.llm.fallback.env': { LLM_PROVIDER: 'openai' },
  'services.llm.limits.cpu_percent': 90,
  'services.llm.limits.memory_mb': 2048,
};
/** Sections whose default is null (off), shown filled in so their keys are documented. */
const EXPAND = new Set(['services.llm.health', 'services.llm.fallback', 'metrics']);

function emit(schema: z.ZodObject, path: string[], lines: string[]): void {
  const indent = '  '.repeat(path.length);
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const key = [...path, name].join('.');
    const u = unwrap(field);
    const hasExample = Object.hasOwn(EXAMPLES, key) || EXPAND.has(key);
    let note = '';
    if (hasExample && u.hasDefault) note = ` (default: ${inlineYaml(u.defaultValue)})`;
    lines.push(`${indent}# ${u.description ?? ''}${note}`);
    if (u.core instanceof z.ZodObject && (!u.nullable || hasExample)) {
      lines.push(`${indent}${name}:`);
      emit(u.core, [...path, name], lines);
    } else if (u.core instanceof z.ZodRecord && unwrap(u.core._zod.def.valueType as z.ZodType).core instanceof z.ZodObject) {
      const service = unwrap(u.core._zod.def.valueType as z.ZodType).core as z.ZodObject;
      lines.push(`${indent}${name}:`, `${indent}  ${EXAMPLE_SERVICE}:`);
      emit(service, [...path, name, EXAMPLE_SERVICE], lines);
    } else if (hasExample || u.hasDefault) {
      lines.push(`${indent}${name}: ${inlineYaml(hasExample ? EXAMPLES[key] : u.defaultValue)}`);
    } else {
      lines.push(`${indent}# ${name}:`);
    }
  }
}

export function configExampleYaml(schema: z.ZodObject = configSchema): string {
  const lines = [
    '# teachops services.yaml: every key, generated from src/config/schema.ts by `npm run docs` (do not edit).',
    '# Values are the defaults unless a comment says otherwise. Relative paths resolve against this file\'s folder.',
    '# Durations take a unit (500ms, 5s, 15m, 1h); sizes too (512KB, 50MB); ${VAR} and ${VAR:-default} read the environment.',
    '',
  ];
  emit(schema, [], lines);
  return lines.join('\n') + '\n';
}
