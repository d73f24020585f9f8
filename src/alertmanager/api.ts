/**
 * Alertmanager's API v2 (api/v2/openapi.yaml), the few calls teachops makes: create (or update) a silence, expire
 * one, list silences, list active alerts. `fetch` is injected (tests, proxies); every call has its own timeout and
 * every answer is read with a size bound. ALERTMANAGER_URL may carry a route prefix (`--web.route-prefix`) and
 * userinfo for basic auth (sent as a header: fetch refuses credentials in URLs); messages show it without them.
 */
import type { Locale } from '../config/types.js';
import { AlertmanagerBadUrlError, AlertmanagerRefusedError, AlertmanagerUnreachableError, type AlertmanagerAction } from './errors.js';
import { t } from '../i18n/index.js';

export const DEFAULT_TIMEOUT_MS = 5000;
/** Lists (every silence kept for 5 days, every active alert) can be long; a few MB is plenty. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface PostableSilence {
  /** an existing silence's id: Alertmanager updates it (or replaces it and answers the new id) */
  id?: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface AlertmanagerApiOptions {
  url: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  locale?: Locale;
}

export class AlertmanagerApi {
  /** the base URL as shown to people: no credentials */
  readonly displayUrl: string;
  private readonly base: URL;
  private readonly auth: string | undefined;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly locale: Locale;

  constructor(o: AlertmanagerApiOptions) {
    this.locale = o.locale ?? 'en';
    let u: URL;
    try {
      u = new URL(o.url);
    } catch {
      throw new AlertmanagerBadUrlError(o.url, this.locale);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AlertmanagerBadUrlError(o.url, this.locale);
    if (u.username || u.password) this.auth = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    this.base = u;
    this.displayUrl = u.toString().replace(/\/$/, '');
    this.fetch = o.fetch ?? globalThis.fetch;
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Creates the silence (or updates the one named by `id`); resolves with its id. */
  async createSilence(s: PostableSilence, action: AlertmanagerAction): Promise<string> {
    const r = await this.call('POST', 'api/v2/silences', action, s);
    if (r.status !== 200) throw this.refused(r, action);
    const id = (parseJson(r.body) as { silenceID?: unknown } | undefined)?.silenceID;
    if (typeof id !== 'string' || id === '') throw this.refused({ status: r.status, body: `no silenceID in ${clip(r.body, 200)}` }, action);
    return id;
  }

  /** Expires it. A silence that is already expired, or that Alertmanager no longer knows, counts as done. */
  async expireSilence(id: string, action: AlertmanagerAction): Promise<void> {
    const path = `api/v2/silence/${encodeURIComponent(id)}`;
    const r = await this.call('DELETE', path, action);
    if (r.status === 200) return;
    const now = await this.call('GET', path, action);
    if (now.status === 404) return;
    const state = (parseJson(now.body) as { status?: { state?: unknown } } | undefined)?.status?.state;
    if (now.status === 200 && state === 'expired') return;
    throw this.refused(r, action);
  }

  /** Every silence Alertmanager keeps: id -> state (active, pending, expired). */
  async silences(): Promise<Map<string, string>> {
    const list = await this.list('api/v2/silences');
    const out = new Map<string, string>();
    for (const s of list as { id?: unknown; status?: { state?: unknown } }[]) {
      if (typeof s?.id === 'string' && typeof s.status?.state === 'string') out.set(s.id, s.status.state);
    }
    return out;
  }

  /** Fingerprints of the alerts Alertmanager lists as active now, silenced and inhibited ones included. */
  async activeFingerprints(): Promise<Set<string>> {
    const list = await this.list('api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true');
    return new Set((list as { fingerprint?: unknown }[]).flatMap((a) => (typeof a?.fingerprint === 'string' ? [a.fingerprint] : [])));
  }

  /** The silence's page in Alertmanager's UI. */
  silenceUrl(id: string): string {
    return `${this.displayUrl}/#/silences/${encodeURIComponent(id)}`;
  }

  private async list(path: string): Promise<unknown[]> {
    const action: AlertmanagerAction = { kind: 'read' };
    const r = await this.call('GET', path, action);
    if (r.status !== 200) throw this.refused(r, action);
    const body = parseJson(r.body);
    if (!Array.isArray(body)) throw this.refused({ status: r.status, body: `expected a JSON list, got ${clip(r.body, 100)}` }, action);
    return body;
  }

  private refused(r: { status: number; body: string }, action: AlertmanagerAction): AlertmanagerRefusedError {
    return new AlertmanagerRefusedError(this.displayUrl, r.status, clip(r.body.trim().replace(/\s+/g, ' '), 300), action, this.locale);
  }

  private async call(method: string, path: string, action: AlertmanagerAction, body?: unknown): Promise<{ status: number; body: string }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.auth) headers.authorization = this.auth;
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await this.fetch(new URL(path, this.base), { method, headers, signal, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: await readBounded(res, MAX_ANSWER_BYTES) };
    } catch (e) {
      if (e instanceof AlertmanagerRefusedError) throw e;
      throw new AlertmanagerUnreachableError(this.displayUrl, this.reason(e), action, this.locale);
    }
  }

  private reason(e: unknown): string {
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return t(this.locale, 'alertmanager.reason_timeout', { seconds: this.timeoutMs / 1000 });
    const cause = e instanceof Error ? (e.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    if (typeof cause?.code === 'string') return cause.code;
    if (typeof cause?.message === 'string') return cause.message;
    return e instanceof Error ? e.message : String(e);
  }
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The answer's text, refusing one larger than `max` bytes without reading the rest. */
async function readBounded(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`answer larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
