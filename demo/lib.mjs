// Shared code of the stand-in services: a tiny node:http server on 127.0.0.1:$PORT with GET /health, one log line
// per request on stdout, graceful shutdown on SIGTERM, and DEMO_START_DELAY_MS to delay listening (slow starts).
import http from 'node:http';

export function log(service, text) {
  process.stdout.write(`${new Date().toISOString()} ${service}[${process.pid}] ${text}\n`);
}

/**
 * @param {{ service: string, info?: Record<string, unknown>, home?: (req: http.IncomingMessage) => { type: string, body: string } }} opts
 */
export function serve({ service, info = {}, home }) {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) {
    log(service, 'PORT is not set: set PORT to the port this service should listen on');
    process.exit(2);
  }
  const server = http.createServer((req, res) => {
    const started = Date.now();
    res.on('finish', () => log(service, `${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    if (req.url === '/health') return json(res, 200, { status: 'ok', service, pid: process.pid, ...info });
    if (req.url === '/' || req.url === '/index.html') {
      const page = home ? home(req) : { type: 'application/json', body: JSON.stringify({ service, message: `${service} stand-in is running` }) };
      res.writeHead(200, { 'content-type': page.type });
      return res.end(page.body);
    }
    return json(res, 404, { error: 'not found', path: req.url });
  });
  const delay = Number(process.env.DEMO_START_DELAY_MS ?? 0);
  setTimeout(() => server.listen(port, '127.0.0.1', () => log(service, `listening on http://127.0.0.1:${port}`)), delay);
  log(service, `starting (pid ${process.pid}${delay ? `, listening in ${delay} ms` : ''})`);
  process.on('SIGTERM', () => {
    log(service, 'SIGTERM received, shutting down');
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
  return server;
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
