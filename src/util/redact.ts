/**
 * The one redactor. Secrets never reach Slack, the console, a report, the audit log, monitor.log or a postmortem:
 * every way out calls `redact` (or `redactDeep` for structured data), which removes
 * - every secret value teachops knows (registered once per process from the config and the environment by
 *   `rememberSecrets` in src/config/secrets.ts, plus any `extra` values a caller has), and
 * - every secret shape (see redact-shapes.ts: `k=v` / `k: v` / JSON pairs with a secret-looking name, Authorization
 *   headers, URL userinfo, `sk-`, `xox?-`, `xapp-`, `AKIA`, JWTs).
 * Known values are replaced first, longest first, so a value containing another is removed whole.
 */
import { REDACTED, isSecretName, redactShapes } from './redact-shapes.js';

export { REDACTED, isSecretName } from './redact-shapes.js';

/** Shorter values would blank ordinary words and numbers everywhere ("admin", "8000"). */
export const MIN_SECRET_LENGTH = 6;

/** Shell bookkeeping whose names look secret but whose values are paths everyone may see. */
const NOT_SECRETS = new Set(['PWD', 'OLDPWD', 'SSH_AUTH_SOCK', 'GPG_AGENT_INFO', 'XAUTHORITY']);

let known: string[] = [];

/**
 * Texts already redacted against `known`: twenty `/teach status` answers in the same second carry the same few
 * hundred field texts, and redacting each one again was most of what the daemon spent per answer at 30 services.
 * Forgotten whenever `known` changes; bounded, and only short texts (log excerpts are not worth keeping).
 */
const done = new Map<string, string>();
const DONE_MAX = 4096;
const DONE_MAX_LENGTH = 512;

/** Sets the process-wide list of secret values (replacing the previous one). */
export function setKnownSecrets(values: Iterable<string>): void {
  known = normalize(values);
  done.clear();
}

/** Adds values to the process-wide list. */
export function addKnownSecrets(values: Iterable<string>): void {
  known = normalize([...known, ...values]);
  done.clear();
}

export function knownSecrets(): readonly string[] {
  return known;
}

function normalize(values: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const v of values) if (typeof v === 'string' && v.trim().length >= MIN_SECRET_LENGTH) set.add(v);
  return [...set].sort((a, b) => b.length - a.length);
}

/** Whether an environment variable's value is a secret: its name looks secret and it is not shell bookkeeping. */
export function isSecretVariable(name: string): boolean {
  return !NOT_SECRETS.has(name) && isSecretName(name);
}

/** The secret values of an environment (names that look secret, values of at least MIN_SECRET_LENGTH). */
export function secretValues(env: Record<string, string | undefined>, alsoNames: Iterable<string> = []): string[] {
  const named = new Set(alsoNames);
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) if (v && (named.has(k) || isSecretVariable(k))) out.push(v);
  return normalize(out);
}

export function redact(text: string, extra: readonly string[] = []): string {
  if (!text) return text;
  if (extra.length > 0 || text.length > DONE_MAX_LENGTH) return redactNow(text, extra);
  const before = done.get(text);
  if (before !== undefined) return before;
  const out = redactNow(text, extra);
  if (done.size >= DONE_MAX) done.clear();
  done.set(text, out);
  return out;
}

function redactNow(text: string, extra: readonly string[]): string {
  let out = text;
  const values = extra.length > 0 ? normalize([...known, ...extra]) : known;
  for (const s of values) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return redactShapes(out);
}

export function redactLines(lines: readonly string[], extra: readonly string[] = []): string[] {
  return lines.map((l) => redact(l, extra));
}

/** Every string inside `value` (object keys stay), for structured data such as audit arguments. */
export function redactDeep<T>(value: T, extra: readonly string[] = []): T {
  if (typeof value === 'string') return redact(value, extra) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, extra)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, extra);
    return out as T;
  }
  return value;
}
