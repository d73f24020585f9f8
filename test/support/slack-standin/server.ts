// The HTTP side of the stand-in: one node:http server on 127.0.0.1 for /api/<method>, /upload/<file>,
// /response/<id> and the Socket Mode upgrade on /socket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Faults } from './faults.js';
import { readBody, sendJson, sendText } from './http-io.js';
import type { ResponseUrls } from './response-url.js';
import type { SocketHub } from './socket.js';
import type { ApiCall, Json } from './types.js';
import { handleApiRequest } from './web-api.js';
import type { ApiEnv } from './web-api-env.js';
import { handleUpload } from './web-api-files.js';

export interface Routes {
  env: ApiEnv;
  faults: Faults;
  calls: ApiCall[];
  responses: ResponseUrls;
  hub: SocketHub;
}

/** A response_url body: JSON as Bolt's respond() sends it, or a form with `payload=<json>`. */
function parseResponseBody(req: IncomingMessage, raw: Buffer): Json {
  const text = raw.toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(text).get('payload');
    return payload === null ? {} : (JSON.parse(payload) as Json);
  }
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Json) : { text: String(parsed) };
}

async function route(r: Routes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (path.startsWith('/api/')) return handleApiRequest(r.env, r.faults, r.calls, req, res, path.slice('/api/'.length));
  if (r.faults.down !== undefined) return r.faults.answerDown(res);
  if (path.startsWith('/upload/')) return handleUpload(r.env.store, req, res, path.slice('/upload/'.length));
  if (path.startsWith('/response/') && req.method === 'POST') {
    let body: Json;
    try {
      body = parseResponseBody(req, await readBody(req));
    } catch {
      return sendText(res, 400, 'invalid_payload');
    }
    const { status, text } = r.responses.apply(path.slice('/response/'.length), body);
    return sendText(res, status, text);
  }
  sendText(res, 404, 'not_found');
}

export async function listen(r: Routes): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    route(r, req, res).catch((e: unknown) => {
      // A stand-in bug must be loud in the test output, not a hung request.
      console.error('slack-standin: request failed', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'standin_error', detail: String(e) });
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head: Buffer) => r.hub.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
