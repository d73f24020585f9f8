/**
 * Secrets recognised by their shape, for text teachops did not write (log lines, command lines, people's notes).
 * Each rule is narrow enough to leave prose alone: a name only counts when one of its words is a secret word
 * (`DASHSCOPE_API_KEY`, `apiKey`, `X-Api-Key`, not `monkey` or `author`), and a `name: value` whose value is an
 * ordinary word followed by more words ("DASHSCOPE_API_KEY: add it to .env") is a sentence, not a credential.
 */
export const REDACTED = '[redacted]';

/** Words that make a name secret when they are one of its parts (singular: "known keys: a, b" is a list of names). */
const SECRET_WORDS = new Set(['key', 'token', 'secret', 'password', 'passwd', 'pwd', 'auth', 'authorization', 'apikey', 'accesskey', 'credential', 'credentials', 'passphrase', 'privatekey']);
/** Parts that are secret when they end with one of these (`SECRETKEY` is one word to the splitter, `DBPASSWORD` too). */
const SECRET_ENDINGS = ['token', 'secret', 'password', 'passwd', 'apikey', 'accesskey'];
const SECRET_STARTS = ['secret', 'password', 'token'];
const EXCEPTION_ENDINGS = new Set(['error', 'exception', 'warning']);

function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.toLowerCase());
}

/**
 * Names already judged: every service's environment repeats the host's (30 services: 30 x the same names at each
 * config load, a fifth of a `teach status --json` at that size). Bounded: field names come from log lines too.
 */
const judged = new Map<string, boolean>();
const JUDGED_MAX = 4096;

/** Whether a variable or field name says its value is a secret. */
export function isSecretName(name: string): boolean {
  const known = judged.get(name);
  if (known !== undefined) return known;
  const secret = judgeName(name);
  if (judged.size >= JUDGED_MAX) judged.clear();
  judged.set(name, secret);
  return secret;
}

function judgeName(name: string): boolean {
  const parts = nameParts(name);
  // An exception class (`KeyError: 'missing-course'`, `TokenExpiredError: jwt expired`) names a failure, not a field.
  if (parts.length > 1 && EXCEPTION_ENDINGS.has(parts[parts.length - 1]!)) return false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (SECRET_WORDS.has(p)) return true;
    if (SECRET_ENDINGS.some((e) => p.length > e.length && p.endsWith(e))) return true;
    if (SECRET_STARTS.some((s) => p.length > s.length && p.startsWith(s))) return true;
  }
  return false;
}

/** Credentials whose shape alone gives them away. */
const TOKENS: RegExp[] = [
  /\bxox[a-z]-[A-Za-z0-9-]{6,}/g, // Slack bot/user/legacy tokens
  /\bxapp-[A-Za-z0-9-]{6,}/g, // Slack app-level tokens
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI-style keys (sk-..., sk-proj-...)
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g, // JWTs (base64url of '{"')
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
];

/** `Authorization: Basic dXNl...` / `Bearer ...` / `Token ...`: the scheme stays, the credential goes. */
const AUTH_HEADER = /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:(basic|bearer|token|digest|negotiate|ntlm)\s+)?([^\s"',;]+)/gi;
/** A bearer credential anywhere (curl -H lines, stack traces); an env var name after "bearer" is prose. */
const BEARER = /\b(bearer)\s+(?![A-Z][A-Z0-9_]*\b)([A-Za-z0-9._~+/=-]{8,})/gi;
/** `scheme://user:password@host`: the password goes, the rest of the URL stays readable. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)@/gi;

/**
 * `name=value`, `name: value`, `"name": "value"`. The lookbehind keeps a name from starting inside a word; `${NAME:-x}`
 * (an interpolation in the config's own messages) is not an assignment.
 */
const PAIR = /(?<![A-Za-z0-9_.$-])(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1(\s*)([=:])(\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,;&"'<>()[\]{}]+)/g;
const PROSE_WORD = /^[A-Za-z][a-z]*$/;
const AUTH_SCHEME = /^(basic|bearer|token|digest|negotiate|ntlm)$/i;

function redactPairs(text: string): string {
  // A manual scan: when a name is not secret, the search resumes right after the name, so a pair nested in the
  // value of another ("ValueError: API_KEY=abc") is still seen.
  const re = new RegExp(PAIR.source, 'g');
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const [whole, q = '', name = '', s1 = '', sep = '', s2 = '', value = ''] = m;
    const offset = m.index;
    const replacement = pairReplacement(text, whole, offset, q, name, s1, sep, s2, value);
    if (replacement === null) {
      re.lastIndex = offset + q.length + name.length;
      continue;
    }
    out += text.slice(last, offset) + replacement;
    last = offset + whole.length;
  }
  return out + text.slice(last);
}

function pairReplacement(text: string, whole: string, offset: number, q: string, name: string, s1: string, sep: string, s2: string, value: string): string | null {
  if (!isSecretName(name) || value === REDACTED) return null;
  if (text.slice(Math.max(0, offset - 2), offset) === '${') return null;
  const rest = text.slice(offset + whole.length);
  if (AUTH_SCHEME.test(value) && rest.startsWith(` ${REDACTED}`)) return null;
  if (sep === ':' && value.startsWith('//')) return null; // a URL scheme ("auth://"), not a value
  // "KEY: add it to .env" is a sentence: a plain word followed by another word.
  if (sep === ':' && PROSE_WORD.test(value) && /^\s+[A-Za-z\u00c0-\uffff]/.test(rest)) return null;
  if (sep === ':' && /^[\u0080-\uffff]/.test(value)) return null; // CJK prose after an ASCII colon
  const quoted = value.length >= 2 && (value[0] === '"' || value[0] === "'");
  const v = quoted ? `${value[0]}${REDACTED}${value[0]}` : REDACTED;
  return `${q}${name}${q}${s1}${sep}${s2}${v}`;
}

/** Redacts every secret shape in `text`. */
export function redactShapes(text: string): string {
  let out = text;
  out = out.replace(AUTH_HEADER, (_m, name: string, sep: string, scheme: string | undefined) => `${name}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`);
  out = out.replace(BEARER, (_m, word: string) => `${word} ${REDACTED}`);
  out = out.replace(USERINFO, (_m, head: string) => `${head}${REDACTED}@`);
  for (const re of TOKENS) out = out.replace(re, REDACTED);
  return redactPairs(out);
}
