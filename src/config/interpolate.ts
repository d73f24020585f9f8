/**
 * `${VAR}` and `${VAR:-default}` in string values, filled from the environment before validation, so one
 * services.yaml serves every host. Done on the YAML nodes (not the plain data) to keep each value's position.
 */
import { isMap, isScalar, isSeq, Scalar, type Document } from 'yaml';
import { t } from '../i18n/index.js';
import type { PathSegment, RawProblem } from './problems.js';

// `$${` escapes a literal `${`; `:-` (like the shell) uses the default when the variable is unset or empty.
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

export interface Interpolated {
  value: string;
  missing: string[];
}

export function interpolateString(text: string, env: NodeJS.ProcessEnv, used?: string[]): Interpolated {
  const missing: string[] = [];
  const value = text.replace(REFERENCE, (whole, name: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return '${';
    used?.push(name);
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    if (set === undefined) missing.push(name);
    return '';
  });
  return { value, missing };
}

/**
 * Replaces references in every string value of `doc` in place; returns one problem per unset variable. `refs`, when
 * given, receives the variables each value referenced, by dotted path (so a message can name the variable that sets
 * `services.backend.port`).
 */
export function interpolateDocument(doc: Document, env: NodeJS.ProcessEnv, refs?: Map<string, string[]>): RawProblem[] {
  const problems: RawProblem[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      const raw = node.value;
      const used: string[] = [];
      const { value, missing } = interpolateString(raw, env, used);
      refs?.set(path.join('.'), used);
      for (const name of missing) problems.push({ path, message: t('en', 'config.env_unset', { name }) });
      // `port: ${PORT:-8000}` must stay a number after interpolation; a quoted scalar says "I mean a string".
      const plain = node.type === Scalar.PLAIN || node.type === undefined;
      node.value = plain && WHOLE.test(raw) && /^\d+$/.test(value) ? Number(value) : value;
    }
  };
  visit(doc.contents, []);
  return problems;
}
