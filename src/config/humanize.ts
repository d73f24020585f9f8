/**
 * Turns zod issues into messages a person can act on: "expected X, got Y (type)", enum choices spelled out,
 * unknown keys with a "did you mean". zod's own messages ("Invalid input") never reach the user.
 */
import type { z } from 'zod';
import { t } from '../i18n/index.js';
import { closest } from '../util/suggest.js';
import type { PathSegment, RawProblem } from './problems.js';
import { knownKeys } from './schema-walk.js';

type Issue = z.core.$ZodIssue;

export function describeValue(value: unknown): string {
  if (value === undefined) return t('en', 'config.got_nothing');
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return t('en', 'config.got_list');
  if (typeof value === 'object') return t('en', 'config.got_mapping');
  return t('en', 'config.got_value', { value: String(value), type: typeof value });
}

const TYPE_WORDS: Record<string, Parameters<typeof t>[1]> = {
  string: 'config.want_string',
  number: 'config.want_number',
  int: 'config.want_integer',
  boolean: 'config.want_boolean',
  array: 'config.want_list',
  object: 'config.want_mapping',
  record: 'config.want_mapping',
  null: 'config.want_null',
};

/** A custom message written as "expected ..." in the schema is already the expected part. */
function customExpected(message: string): string | undefined {
  return message.startsWith('expected ') ? message.slice('expected '.length) : undefined;
}

/** What the value should have been, or undefined when only zod's message can say it. */
function expectedOf(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const word = TYPE_WORDS[issue.expected];
      return customExpected(issue.message) ?? (word ? t('en', word) : issue.expected);
    }
    case 'invalid_value':
      return t('en', 'config.want_one_of', { values: issue.values.map(String).join(', ') });
    case 'invalid_format':
      return issue.format === 'url' ? t('en', 'config.want_url') : customExpected(issue.message);
    case 'too_small':
      if (issue.origin === 'string') return t('en', 'config.want_nonempty_string');
      if (issue.origin === 'array') return t('en', 'config.want_nonempty_list', { min: Number(issue.minimum) });
      return t('en', issue.inclusive ? 'config.want_at_least' : 'config.want_above', { what: t('en', 'config.want_number'), min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'array') return t('en', 'config.want_short_list', { max: Number(issue.maximum) });
      return t('en', issue.inclusive ? 'config.want_at_most' : 'config.want_below', { what: t('en', 'config.want_number'), max: Number(issue.maximum) });
    case 'invalid_union': {
      // Every branch rejected the type: list the types. One branch accepted the type: its complaint is the real one.
      const typeOnly = issue.errors.every((branch) => branch.length > 0 && branch.every((i) => i.code === 'invalid_type'));
      if (!typeOnly) {
        const relevant = issue.errors.find((branch) => branch.some((i) => i.code !== 'invalid_type'));
        const inner = relevant?.find((i) => i.code !== 'invalid_type');
        return inner ? expectedOf(inner) : undefined;
      }
      const words = issue.errors.map((branch) => expectedOf(branch[0]!) ?? '').filter(Boolean);
      return t('en', 'config.want_either', { options: [...new Set(words)].join(t('en', 'config.want_or')) });
    }
    case 'custom':
      return customExpected(issue.message);
    default:
      return undefined;
  }
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v = data;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<PathSegment, unknown>)[seg] : undefined;
  return v;
}

function hasKey(data: unknown, path: readonly PathSegment[]): boolean {
  const parent = valueAt(data, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && Object.hasOwn(parent, path[path.length - 1]!);
}

export function humanizeIssue(issue: Issue, data: unknown, schema: z.ZodType): RawProblem[] {
  const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, path);
    return issue.keys.map((key) => {
      const suggestion = closest(key, known);
      const message = suggestion
        ? t('en', 'config.unknown_key', { key, suggestion })
        : t('en', 'config.unknown_key_list', { key, known: known.join(', ') });
      return { path: [...path, key], message, at: { path: [...path, key], part: 'key' } };
    });
  }
  if (path.length > 0 && !hasKey(data, path)) {
    const key = String(path[path.length - 1]);
    return [{ path, message: t('en', 'config.missing_key', { key }), at: { path: path.slice(0, -1), part: 'key' } }];
  }
  const got = describeValue('input' in issue && issue.input !== undefined ? issue.input : valueAt(data, path));
  const expected = expectedOf(issue);
  return [{ path, message: expected ? t('en', 'config.expected_got', { expected, got }) : `${issue.message}, got ${got}` }];
}
