/**
 * A small HTTP listener with a route table, for the endpoints `teach run` serves besides Slack: GET /metrics today,
 * and later POST /alertmanager on the same port. Each route is registered by the part that owns it; the listener
 * only dispatches, answers 404 / 405 for the rest, and turns a handler's throw into a 500 that names nothing
 * internal. Slow or idle clients are cut off by the server's own timeouts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ListenAddress } from '../config/listen.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpListener {
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
  /** Binds; rejects with the socket error (EADDRINUSE, EADDRNOTAVAIL, EACCES) and stays unbound. */
  listen(address: ListenAddress): Promise<void>;
  /** the bound address (the port really bound), or undefined */
  address(): ListenAddress | undefined;
  close(): Promise<void>;
}

export interface HttpListenerOptions {
  /** a handler threw (its request got a 500) */
  onError?: (e: unknown, req: IncomingMessage) => void;
  /** body of a 404, e.g. which paths exist */
  notFound?: (path: string) => string;
}

export function createHttpListener(opts: HttpListenerOptions = {}): HttpListener {
  const routes = new Map<string, Map<string, RouteHandler>>();
  let server: Server | undefined;

  const dispatch = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://listener').pathname;
    const byMethod = routes.get(path);
    const handler = byMethod?.get(req.method ?? 'GET');
    if (!byMethod) return plain(res, 404, opts.notFound?.(path) ?? 'not found');
    if (!handler) {
      res.setHeader('allow', [...byMethod.keys()].join(', '));
      return plain(res, 405, 'method not allowed');
    }
    try {
      await handler(req, res);
    } catch (e) {
      opts.onError?.(e, req);
      if (!res.headersSent) plain(res, 500, 'internal error');
      else res.destroy();
    }
  };

  return {
    route(method, path, handler) {
      const byMethod = routes.get(path) ?? new Map<string, RouteHandler>();
      byMethod.set(method, handler);
      routes.set(path, byMethod);
    },
    listen(address) {
      const s = createServer((req, res) => void dispatch(req, res));
      // Scrapes are small GETs: a client that has not sent its headers in 5 s, or its request in 10 s, is gone.
      s.headersTimeout = 5_000;
      s.requestTimeout = 10_000;
      return new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(address.port, address.host, () => {
          s.off('error', reject);
          server = s;
          resolve();
        });
      });
    },
    address() {
      const a = server?.address();
      return a && typeof a === 'object' ? { host: a.address, port: a.port } : undefined;
    },
    close() {
      const s = server;
      server = undefined;
      if (!s) return Promise.resolve();
      return new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}

function plain(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body.endsWith('\n') ? body : `${body}\n`);
}
