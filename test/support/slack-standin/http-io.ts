// Reading requests the way Slack's edge does: form-encoded, JSON or multipart bodies, with object arguments
// (blocks, view, files...) arriving JSON-encoded inside form fields.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Json } from './types.js';

// Arguments the Web API client JSON-encodes when it sends a form (see web-api's serializeBody).
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata', 'options', 'user_auth_blocks']);

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeJsonFields(args: Json): Json {
  for (const [key, value] of Object.entries(args)) {
    if (!JSON_FIELDS.has(key) || typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as a string: the method handler reports it the way Slack would (invalid_blocks / invalid_arguments).
    }
  }
  return args;
}

function fromQuery(text: string): Json {
  const out: Json = Object.create(null) as Json;
  for (const [k, v] of Object.entries(parseQuery(text))) out[k] = Array.isArray(v) ? v[v.length - 1] : v;
  return out;
}

/** The method arguments: query string merged with the body, whatever its content type. */
export async function parseArgs(req: IncomingMessage, body: Buffer): Promise<Json> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const args = fromQuery(url.search.slice(1));
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (body.length > 0) {
    if (type === 'application/json') {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null) Object.assign(args, parsed);
    } else if (type === 'multipart/form-data') {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      for (const [k, v] of form.entries()) args[k] = typeof v === 'string' ? v : Buffer.from(await v.arrayBuffer());
    } else {
      Object.assign(args, fromQuery(body.toString('utf8')));
    }
  }
  return decodeJsonFields(args);
}

/** The bearer token from the Authorization header, or the legacy `token` argument. */
export function tokenOf(req: IncomingMessage, args: Json): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return typeof args.token === 'string' ? args.token : undefined;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

export function str(x: unknown): string | undefined {
  return typeof x === 'string' && x.length > 0 ? x : undefined;
}
