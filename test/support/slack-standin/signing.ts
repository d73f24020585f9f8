// Requests signed the way Slack signs them for HTTP-mode apps, so Bolt's HTTPReceiver is what gets tested.
import { createHmac } from 'node:crypto';
import { stringify } from 'node:querystring';
import type { Json } from './types.js';

export type SignedKind = 'command' | 'interactive' | 'event';

export interface SignOptions {
  secret?: string;
  /** Send a signature computed with the wrong secret (what an attacker could do). */
  forgeSignature?: boolean;
  /** Unix seconds for X-Slack-Request-Timestamp (default now); an old value tests replay protection. */
  timestamp?: number;
}

export interface SignedResponse {
  status: number;
  /** Parsed JSON when the body is JSON, the text otherwise ('' for an empty body). */
  body: unknown;
  ms: number;
}

export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Body and content type exactly as Slack sends each kind (Bolt compares the content type verbatim). */
export function encodeBody(kind: SignedKind, payload: Json): { body: string; contentType: string } {
  switch (kind) {
    case 'command': {
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(payload)) flat[k] = typeof v === 'string' ? v : JSON.stringify(v);
      return { body: stringify(flat), contentType: 'application/x-www-form-urlencoded' };
    }
    case 'interactive':
      return { body: stringify({ payload: JSON.stringify(payload) }), contentType: 'application/x-www-form-urlencoded' };
    case 'event':
      return { body: JSON.stringify(payload), contentType: 'application/json' };
  }
}

export async function postSignedRequest(
  url: string,
  req: { kind: SignedKind; payload: Json },
  defaultSecret: string,
  opts: SignOptions = {},
): Promise<SignedResponse> {
  const { body, contentType } = encodeBody(req.kind, req.payload);
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const secret = opts.forgeSignature === true ? `forged-${opts.secret ?? defaultSecret}` : (opts.secret ?? defaultSecret);
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': slackSignature(secret, ts, body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let parsed: unknown = text;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : '';
  } catch {
    // Not JSON: Bolt answers a string ack as plain text.
  }
  return { status: res.status, body: parsed, ms };
}
