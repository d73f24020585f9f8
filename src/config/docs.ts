/**
 * The config reference, generated from the schema (the one place each key is declared): a Markdown table for the
 * README and a commented example services.yaml. `npm run docs` writes both; a test keeps them from drifting.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { configSchema } from './schema.js';
import { unwrap, type Unwrapped } from './schema-walk.js';
import { parseDuration, parseSize } from './units.js';

export interface ConfigKeyDoc {
  /** dotted, service keys as `services.<name>.port` */
  key: string;
  type: string;
  /** as written in YAML; '' for sections whose keys have their own defaults */
  default: string;
  description: string;
}

const SERVICE_KEY = '<name>';

function numberLabel(n: z.ZodNumber): string {
  const checks = (n._zod.def.checks ?? []).map((c) => c._zod.def as { check: string; value?: unknown; inclusive?: boolean });
  const bound = (check: string, incl: string, excl: string) => {
    const c = checks.find((x) => x.check === check);
    return c ? `${c.inclusive ? incl : excl} ${String(c.value)}` : undefined;
  };
  const range = [bound('greater_than', '>=', '>'), bound('less_than', '<=', '<')].filter(Boolean).join(', ');
  return (n.isInt ? 'integer' : 'number') + (range ? ` (${range})` : '');
}

function coreLabel(s: z.ZodType, defaultValue: unknown): string {
  if (s instanceof z.ZodString) return s.format === 'url' ? 'URL' : 'string';
  if (s instanceof z.ZodNumber) return numberLabel(s);
  if (s instanceof z.ZodBoolean) return 'boolean';
  if (s instanceof z.ZodEnum) return `one of ${s.options.join(', ')}`;
  if (s instanceof z.ZodObject) return 'section';
  if (s instanceof z.ZodArray) return `list of ${label(unwrap(s._zod.def.element as z.ZodType))}`;
  if (s instanceof z.ZodUnion) return (s._zod.def.options as z.ZodType[]).map((o) => label(unwrap(o))).join(' or ');
  if (s instanceof z.ZodRecord) {
    const value = unwrap(s._zod.def.valueType as z.ZodType);
    return value.core instanceof z.ZodObject ? 'map of name to section' : `map of string to ${label(value)}`;
  }
  if (s instanceof z.ZodPipe) {
    // Durations and sizes are strings turned into numbers; their default says which unit they take.
    if (typeof defaultValue === 'string' && parseDuration(defaultValue) !== undefined) return 'duration';
    if (typeof defaultValue === 'string' && parseSize(defaultValue) !== undefined) return 'size';
    return label(unwrap(s._zod.def.in as z.ZodType));
  }
  return s._zod.def.type;
}

function label(u: Unwrapped): string {
  return coreLabel(u.core, u.defaultValue) + (u.nullable ? ' or null' : '');
}

/** A value as it would be written in YAML, on one line. */
export function inlineYaml(value: unknown, inFlow = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => inlineYaml(v, true)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? `{ ${entries.map(([k, v]) => `${k}: ${inlineYaml(v, true)}`).join(', ')} }` : '{}';
  }
  // Inside [..] and {..} commas and brackets end a plain scalar, so anything but a simple word is quoted there.
  if (inFlow && typeof value === 'string' && !/^[A-Za-z_][\w.-]*$/.test(value)) return JSON.stringify(value);
  return stringify(value).trimEnd();
}

function defaultText(u: Unwrapped): string {
  if (!u.hasDefault) return u.optional ? '' : 'required';
  const sectionOfDefaults = u.core instanceof z.ZodObject && JSON.stringify(u.defaultValue) === '{}';
  return sectionOfDefaults ? '' : inlineYaml(u.defaultValue);
}

/** Walks the schema depth-first, calling `visit` for each key with its dotted path and unwrapped schema. */
export function walkSchema(schema: z.ZodObject, visit: (key: string[], u: Unwrapped) => void, prefix: string[] = []): void {
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const key = [...prefix, name];
    const u = unwrap(field);
    visit(key, u);
    if (u.core instanceof z.ZodObject) walkSchema(u.core, visit, key);
    // A list of sections (the runbook's phases and steps): its keys as `phases[].id`.
    if (u.core instanceof z.ZodArray) {
      const element = unwrap(u.core._zod.def.element as z.ZodType).core;
      if (element instanceof z.ZodObject) walkSchema(element, visit, [...key.slice(0, -1), `${name}[]`]);
    }
    if (u.core instanceof z.ZodRecord) {
      const value = unwrap(u.core._zod.def.valueType as z.ZodType).core;
      if (value instanceof z.ZodObject) walkSchema(value, visit, [...key, SERVICE_KEY]);
    }
  }
}

export function configKeyDocs(schema: z.ZodObject = configSchema): ConfigKeyDoc[] {
  const rows: ConfigKeyDoc[] = [];
  walkSchema(schema, (key, u) => rows.push({ key: key.join('.'), type: label(u), default: defaultText(u), description: u.description ?? '' }));
  return rows;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => (text === '' || text === 'required' ? text : `\`${text}\``);

export function configReferenceTable(schema: z.ZodObject = configSchema): string {
  const rows = configKeyDocs(schema).map((r) => `| ${code(r.key)} | ${cell(r.type)} | ${cell(code(r.default))} | ${cell(r.description)} |`);
  return ['| key | type | default | description |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}
