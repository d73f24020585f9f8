/**
 * Secrets never reach Slack, the console or a report. Redacts:
 * - values of env vars whose names contain KEY, TOKEN, SECRET or PASSWORD (given the environment they came from),
 * - `NAME=value` / `NAME: value` pairs whose NAME looks secret,
 * - Slack tokens (`xoxb-`, `xoxp-`, `xapp-` ...), OpenAI-style keys (`sk-...`), bearer tokens.
 */
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD)/i;
const PATTERNS: RegExp[] = [
  /\bxox[a-z]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];
const PAIR = /\b([A-Za-z_][A-Za-z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD)[A-Za-z0-9_]*)(\s*[=:]\s*)(\[redacted\]|"[^"]*"|'[^']*'|[^\s,;&)\]}'"]+)/gi;

export const REDACTED = '[redacted]';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Secret values from an environment (longer than 3 chars, so "1" or "" never blanks a whole log). */
export function secretValues(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) if (v && v.length > 3 && isSecretName(k)) out.push(v);
  return out.sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(REDACTED);
  for (const re of PATTERNS) out = out.replace(re, (m, bearer?: string) => (typeof bearer === 'string' && /bearer/i.test(bearer) ? `${bearer} ${REDACTED}` : REDACTED));
  out = out.replace(PAIR, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
  return out;
}

export function redactLines(lines: readonly string[], secrets: readonly string[] = []): string[] {
  return lines.map((l) => redact(l, secrets));
}
