/**
 * One HTTP health check. `fetch` is injected so tests can fake it without patching globals; the timeout uses
 * AbortSignal.timeout so a hung service cannot hold the caller.
 * The default transport is node:http (see http-get.ts), not the global fetch.
 */
import type { Locale } from '../config/types.js';
import { t } from '../i18n/index.js';
import { httpGet } from './http-get.js';

export interface HealthCheck {
  url: string;
  /** ms */
  timeout: number;
  /** null: any 2xx */
  expect_status: number | null;
}

export interface HealthResult {
  ok: boolean;
  status?: number;
  latencyMs: number;
  /** why it failed, for people: "expected 200, got 503", "timed out after 2000 ms", "connect ECONNREFUSED ..." */
  error?: string;
  /** the check ran out of time (as opposed to an answer or a refused connection) */
  timedOut?: boolean;
}

export type FetchLike = (url: string, init: { signal: AbortSignal; redirect: 'manual' }) => Promise<{ status: number; arrayBuffer?: () => Promise<unknown> }>;

/** `locale`: the language of `error` (it is shown to people as is: status, alerts, the runbook's verify step). */
export async function checkHealth(h: HealthCheck, fetchImpl: FetchLike = httpGet, locale: Locale = 'en'): Promise<HealthResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const res = await fetchImpl(h.url, { signal: AbortSignal.timeout(h.timeout), redirect: 'manual' });
    // Drain the body so the socket is released; its content is not part of the verdict.
    await res.arrayBuffer?.().catch(() => undefined);
    const ok = h.expect_status === null ? res.status >= 200 && res.status < 300 : res.status === h.expect_status;
    const expected = h.expect_status === null ? t(locale, 'probes.health_any_2xx') : String(h.expect_status);
    return ok ? { ok, status: res.status, latencyMs: latency() } : { ok, status: res.status, latencyMs: latency(), error: t(locale, 'probes.health_expected', { expected, status: res.status }) };
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    return { ok: false, latencyMs: latency(), error: timedOut ? t(locale, 'probes.health_timeout', { ms: h.timeout }) : describeFetchError(e, locale), ...(timedOut ? { timedOut } : {}) };
  }
}

function describeFetchError(e: unknown, locale: Locale): string {
  if (e instanceof Error) {
    // The transport puts the useful part ("connect ECONNREFUSED 127.0.0.1:8001") in `cause`; the system's words are
    // kept as they are, the sentence around them is the catalogue's.
    const cause = e.cause instanceof Error ? e.cause.message : undefined;
    return cause ? t(locale, 'probes.health_unreachable', { error: cause }) : e.message;
  }
  return String(e);
}
