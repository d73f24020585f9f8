/**
 * What a failed Slack call means for the outbox row. @slack/web-api (8.x, fetch-based) reports:
 * - WebAPIPlatformError: Slack answered `ok: false`; the call was not applied. A token problem stops delivery
 *   (`auth`), a refusal of the content or channel is `permanent`, anything else is retried;
 * - WebAPIRateLimitedError (rejectRateLimitedCalls): HTTP 429, not applied; wait Retry-After;
 * - WebAPIHTTPError: a status other than 200/429 (a 5xx from Slack or a proxy): it may have been applied;
 * - WebAPIRequestError: no answer. When the connection never opened (refused, DNS) nothing was sent; otherwise
 *   (the client's timeout aborting the fetch, a reset or closed connection after the request went out) it may
 *   have reached Slack: `maybe_sent`, looked up before anything is sent again.
 */
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { errorMessage } from '../../errors.js';
import type { DeliveryResult } from '../../notify/types.js';

/** Token problems are permanent until a person acts; retrying them only hides them (SLACK.md). */
export const AUTH_ERRORS = new Set(['invalid_auth', 'token_revoked', 'token_expired', 'account_inactive', 'missing_scope', 'not_authed', 'not_allowed_token_type', 'team_disabled']);

const PERMANENT = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
  'invalid_arguments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'msg_too_long',
  'no_text',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'thread_not_found',
  'channel_not_found',
  'is_archived',
  'not_in_channel',
]);

/** Socket-level codes meaning the request never left this host. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT']);

export type Failure = Extract<DeliveryResult, { ok: false }>;

/** The Slack error code (`invalid_auth` ...) of a platform error. */
export function platformCode(e: unknown): string | undefined {
  return e instanceof WebAPIPlatformError ? e.data.error : undefined;
}

export function classifySlackError(e: unknown): Failure {
  if (e instanceof WebAPIRateLimitedError) return { ok: false, outcome: 'retry', error: 'ratelimited', retryAfterMs: Math.max(1, e.retryAfter) * 1000 };
  if (e instanceof WebAPIPlatformError) {
    const code = e.data.error;
    if (AUTH_ERRORS.has(code)) {
      const data = e.data as { needed?: unknown };
      const needed = typeof data.needed === 'string' ? data.needed : undefined;
      return { ok: false, outcome: 'auth', error: code, ...(needed ? { needed } : {}) };
    }
    if (code === 'ratelimited') return { ok: false, outcome: 'retry', error: code, retryAfterMs: 1000 };
    return { ok: false, outcome: PERMANENT.has(code) ? 'permanent' : 'retry', error: code };
  }
  if (e instanceof WebAPIHTTPError) {
    const retryAfter = Number(e.headers['retry-after']);
    if (e.statusCode === 429) return { ok: false, outcome: 'retry', error: 'HTTP 429', ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
    return { ok: false, outcome: 'maybe_sent', error: `HTTP ${e.statusCode}` };
  }
  if (e instanceof WebAPIRequestError) {
    const code = socketCode(e.original);
    const what = code ?? e.original.message;
    return code !== undefined && NOT_SENT.has(code) ? { ok: false, outcome: 'retry', error: what } : { ok: false, outcome: 'maybe_sent', error: what };
  }
  return { ok: false, outcome: 'maybe_sent', error: errorMessage(e) };
}

/** fetch wraps the socket error ("fetch failed" with the code on its cause); an AbortSignal timeout is a TimeoutError. */
function socketCode(original: Error): string | undefined {
  if (original.name === 'TimeoutError' || original.name === 'AbortError') return 'timeout';
  const own = (original as { code?: unknown }).code;
  const cause = original.cause as { code?: unknown } | undefined;
  const c = typeof cause?.code === 'string' ? cause.code : typeof own === 'string' ? own : undefined;
  return c;
}
