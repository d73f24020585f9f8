/**
 * Slack's way out, redacted in one place: every request the Web API clients and Bolt's `respond()` send goes through
 * this `fetch` (WebClientOptions.fetch, which Bolt also uses for response_urls). Message text, block text, modal
 * text and uploaded file content pass the one redactor; machine fields (channel, ts, action_id, button values,
 * metadata) are left exactly as they are, so redaction can never break a button or an update.
 */
import { redact } from '../util/redact.js';

/** Fields that hold text people read; everything else in a Slack payload is an identifier or a value for the bot. */
const TEXT_FIELDS = new Set(['text', 'title', 'content', 'initial_value', 'initial_comment', 'fallback', 'pretext', 'alt_text', 'placeholder']);

function redactPayload(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return key !== undefined && TEXT_FIELDS.has(key) ? redact(value) : value;
  if (Array.isArray(value)) return value.map((v) => redactPayload(v, key === 'elements' || key === 'blocks' || key === 'fields' ? undefined : key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = k === 'metadata' ? v : redactPayload(v, k);
    return out;
  }
  return value;
}

/** A form field's value: JSON-encoded structures (blocks, view) are redacted inside, plain text fields as text. */
function redactFormValue(key: string, value: string): string {
  if (TEXT_FIELDS.has(key)) return redact(value);
  if (key === 'metadata' || !/^[[{]/.test(value)) return value;
  try {
    return JSON.stringify(redactPayload(JSON.parse(value) as unknown));
  } catch {
    return value;
  }
}

async function redactBody(body: BodyInit | null | undefined, contentType: string): Promise<BodyInit | null | undefined> {
  if (typeof body === 'string') {
    if (contentType.includes('application/json')) {
      try {
        return JSON.stringify(redactPayload(JSON.parse(body) as unknown));
      } catch {
        return redact(body);
      }
    }
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const params = new URLSearchParams(body);
      const out = new URLSearchParams();
      for (const [k, v] of params) out.append(k, redactFormValue(k, v));
      return out.toString();
    }
    return redact(body);
  }
  if (body instanceof FormData) {
    // files.uploadV2 posts the file's bytes as a form part: a report or postmortem is text and is redacted whole.
    const out = new FormData();
    for (const [k, v] of body) {
      if (typeof v === 'string') out.append(k, redactFormValue(k, v));
      else out.append(k, new Blob([redact(await v.text())], { type: v.type }), v.name);
    }
    return out;
  }
  if (body instanceof Uint8Array) return redact(Buffer.from(body).toString('utf8'));
  return body;
}

function headerOf(init: RequestInit | undefined, name: string): string {
  const h = init?.headers;
  if (!h) return '';
  if (h instanceof Headers) return h.get(name) ?? '';
  if (Array.isArray(h)) return h.find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
  const hit = Object.entries(h).find(([k]) => k.toLowerCase() === name);
  return hit ? String(hit[1]) : '';
}

export function redactingFetch(base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    if (!init || init.body === undefined || init.body === null) return base(input, init);
    return base(input, { ...init, body: await redactBody(init.body, headerOf(init, 'content-type').toLowerCase()) });
  };
}
