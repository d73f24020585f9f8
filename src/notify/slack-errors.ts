/**
 * What a failed Slack call means for the outbox: wait and retry (rate limit with its Retry-After, Slack or the
 * network down, a 5xx), or give up on this record (Slack refused its content or its channel, so sending it again
 * cannot help).
 */
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { errorMessage } from '../errors.js';
import type { DeliveryResult } from './types.js';

const PERMANENT = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
  'invalid_arguments',
  'invalid_metadata_format',
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

export function classifySlackError(e: unknown): Extract<DeliveryResult, { ok: false }> {
  if (e instanceof WebAPIRateLimitedError) return { ok: false, error: 'ratelimited', retryAfterMs: Math.max(1, e.retryAfter) * 1000 };
  if (e instanceof WebAPIHTTPError) {
    const retryAfter = Number(e.headers['retry-after']);
    return { ok: false, error: `HTTP ${e.statusCode}`, ...(e.statusCode === 429 && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
  }
  if (e instanceof WebAPIPlatformError) {
    const code = e.data.error;
    if (code === 'ratelimited') return { ok: false, error: code, retryAfterMs: 1000 };
    return { ok: false, error: code, ...(PERMANENT.has(code) ? { permanent: true } : {}) };
  }
  if (e instanceof WebAPIRequestError) return { ok: false, error: e.original.message };
  return { ok: false, error: errorMessage(e) };
}
