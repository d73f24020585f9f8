/**
 * POST /alertmanager: Alertmanager's webhook (payload version 4) into teachops' alert lifecycle. In order: the
 * bearer token (TEACHOPS_WEBHOOK_TOKEN, compared in constant time; unset, every request is refused with how to set
 * it), a body read with a size bound, JSON, the payload schema (a 400 names each problem with its path), then the
 * group recorded in slices of 100 alerts, one transaction each. What Alertmanager must retry gets a 5xx (it retries
 * those), what it must not (a wrong token, a bad body) a 4xx. The answer is small JSON counting what changed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseWebhook } from '../alertmanager/webhook.js';
import { formatBytes } from '../config/units.js';
import { errorMessage } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { AlertmanagerAlerts, ReceivedAlert, ReceiveSummary } from '../monitor/alertmanager.js';
import type { RouteHandler } from '../util/http-listener.js';
import { isUnwritable, sqliteCode } from '../store/unwritable.js';

/** A group of 1,000 alerts with long annotations is a few MB; Alertmanager's max_alerts caps it on its side. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Refused requests are logged at most this often (a scanner must not flood the log). */
const REFUSAL_LOG_MS = 60_000;

export interface ReceiverDeps {
  /** TEACHOPS_WEBHOOK_TOKEN; undefined refuses everything */
  token: string | undefined;
  alerts: AlertmanagerAlerts;
  tr: Translate;
  log: (line: string) => void;
  now: () => number;
  /** true once `teach run` is stopping: answered 503, Alertmanager sends it again later */
  stopping: () => boolean;
  maxBytes?: number;
  /** after a group was recorded (the sync expires until-resolved silences of resolved alerts at once) */
  onReceived?: (s: ReceiveSummary) => void;
}

class BodyTooLarge extends Error {}

function hash(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Equal-length digests, so the comparison takes as long whatever the guess and leaks not even the length. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(hash(m[1]!), hash(token));
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body.endsWith('\n') ? body : `${body}\n`);
}

/** The body, refused once it passes `max` bytes (nothing more is read). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.pause();
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/**
 * A group in slices of CHUNK alerts, one transaction each, yielding to the event loop in between: a group of
 * thousands never holds up Slack's socket pings, /metrics or the monitor for long. Safe because receiving is
 * idempotent: if a slice fails, Alertmanager retries the whole group and what was recorded is only refreshed.
 */
const CHUNK = 100;
async function receiveInChunks(alerts: AlertmanagerAlerts, list: ReceivedAlert[]): Promise<ReceiveSummary> {
  const sum: ReceiveSummary = { fired: 0, reopened: 0, refreshed: 0, resolved: 0, ignored: 0, expireDue: 0 };
  for (let i = 0; i < list.length; i += CHUNK) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    const part = alerts.receive(list.slice(i, i + CHUNK));
    for (const k of Object.keys(sum) as (keyof ReceiveSummary)[]) sum[k] += part[k];
  }
  return sum;
}

export function alertmanagerReceiver(d: ReceiverDeps): RouteHandler {
  const max = d.maxBytes ?? MAX_BODY_BYTES;
  const refused = { n: 0, loggedAt: -Infinity, from: '' };
  const noteRefusal = (req: IncomingMessage) => {
    refused.n++;
    refused.from = req.socket.remoteAddress ?? '?';
    if (d.now() - refused.loggedAt < REFUSAL_LOG_MS) return;
    const p = { n: refused.n, from: refused.from };
    d.log(d.token ? d.tr('alertmanager.webhook_refused_log', p) : d.tr('alertmanager.webhook_refused_unset_log', p));
    refused.n = 0;
    refused.loggedAt = d.now();
  };
  // Answers sent before the body was read close the connection, so an unread body is not drained from a stranger.
  const close = { connection: 'close' };
  const unauthorized = (res: ServerResponse, text: string) => send(res, 401, text, { ...close, 'www-authenticate': 'Bearer realm="teachops"' });

  return async (req, res) => {
    if (!d.token) {
      noteRefusal(req);
      return unauthorized(res, d.tr('alertmanager.webhook_token_unset'));
    }
    if (!bearerMatches(req.headers.authorization, d.token)) {
      noteRefusal(req);
      return unauthorized(res, d.tr('alertmanager.webhook_unauthorized'));
    }
    if (d.stopping()) return send(res, 503, d.tr('alertmanager.webhook_stopping'), { ...close, 'retry-after': '10' });
    // The rest of a body too large is read and dropped (bounded by the listener's request timeout) rather than cut
    // off, so the sender can read the 413 instead of a reset connection.
    const tooLarge = () => {
      send(res, 413, d.tr('alertmanager.webhook_too_large', { max: formatBytes(max) }));
      req.resume();
    };
    if (Number(req.headers['content-length'] ?? 0) > max) return tooLarge();
    let raw: Buffer;
    try {
      raw = await readBody(req, max);
    } catch (e) {
      if (e instanceof BodyTooLarge) return tooLarge();
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      return send(res, 400, d.tr('alertmanager.webhook_not_json', { reason: errorMessage(e) }));
    }
    const parsed = parseWebhook(json);
    if (!parsed.ok) return send(res, 400, [d.tr('alertmanager.webhook_invalid'), ...parsed.problems.map((p) => `  ${p}`)].join('\n'));
    const m = parsed.message;
    let sum: ReceiveSummary;
    try {
      sum = await receiveInChunks(d.alerts, m.alerts);
    } catch (e) {
      if (!isUnwritable(e)) throw e;
      // Nothing is lost: Alertmanager sends the group again on a 5xx, and what was recorded before is only refreshed.
      d.log(d.tr('alertmanager.webhook_store_refused_log', { n: m.alerts.length, receiver: m.receiver, code: sqliteCode(e) }));
      return send(res, 503, d.tr('alertmanager.webhook_store_refused', { code: sqliteCode(e) }), { 'retry-after': '10' });
    }
    // Only what changed is news: Alertmanager repeats the same group every repeat_interval, from every replica.
    if (sum.fired + sum.reopened + sum.resolved > 0) {
      d.log(d.tr('alertmanager.webhook_received', { n: m.alerts.length, receiver: m.receiver, fired: sum.fired, reopened: sum.reopened, resolved: sum.resolved }));
    }
    if (m.truncatedAlerts > 0) d.log(d.tr('alertmanager.webhook_truncated', { receiver: m.receiver, n: m.truncatedAlerts }));
    d.onReceived?.(sum);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', alerts: m.alerts.length, ...sum }));
  };
}
