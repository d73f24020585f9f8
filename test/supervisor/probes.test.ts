import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkHealth, type FetchLike } from '../../src/probes/health.js';
import { countConnections, findPortListener, isPortFree } from '../../src/probes/ports.js';
import { readCmdline } from '../../src/util/proc.js';
import { freePort } from '../support/temp-project.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A server on a free port answering `status` after `delayMs`. */
async function listen(status = 200, delayMs = 0): Promise<number> {
  const srv = createServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(status);
      res.end('{}');
    }, delayMs);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  return typeof addr === 'object' && addr ? addr.port : 0;
}

describe('checkHealth', () => {
  it('accepts any 2xx when expect_status is null, and only the given status otherwise', async () => {
    const port = await listen(204);
    const url = `http://127.0.0.1:${port}/health`;
    expect(await checkHealth({ url, timeout: 1000, expect_status: null })).toMatchObject({ ok: true, status: 204 });
    expect(await checkHealth({ url, timeout: 1000, expect_status: 200 })).toMatchObject({ ok: false, status: 204, error: 'expected 200, got 204' });
  });

  it('times out a hung service and explains a refused connection', async () => {
    const port = await listen(200, 2000);
    const slow = await checkHealth({ url: `http://127.0.0.1:${port}/`, timeout: 100, expect_status: null });
    expect(slow).toMatchObject({ ok: false, timedOut: true, error: 'timed out after 100 ms' });
    expect(slow.latencyMs).toBeLessThan(1000);
    const closed = await freePort();
    const refused = await checkHealth({ url: `http://127.0.0.1:${closed}/`, timeout: 1000, expect_status: null });
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('ECONNREFUSED');
  });

  it('uses the injected fetch', async () => {
    const fake: FetchLike = async () => ({ status: 503 });
    expect(await checkHealth({ url: 'http://example.invalid/', timeout: 50, expect_status: null }, fake)).toMatchObject({
      ok: false,
      status: 503,
      error: 'expected a 2xx status, got 503',
    });
  });
});

describe('ports', () => {
  it('finds the pid and command line of a listener, and nothing on a free port', async () => {
    const port = await listen();
    const holder = findPortListener(port);
    expect(holder).toMatchObject({ port, pid: process.pid, pids: [process.pid] });
    expect(holder!.argv).toEqual(readCmdline(process.pid));
    expect(isPortFree(port)).toBe(false);
    expect(findPortListener(await freePort())).toBeUndefined();
  });

  it('counts established connections on a port', async () => {
    const port = await listen();
    const sock = connect(port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    try {
      // Both ends of a loopback connection are in the table; only the server end has the service's local port.
      expect(countConnections(port)).toBe(1);
    } finally {
      sock.destroy();
    }
  });
});
