/**
 * The metrics listener: routes by method and path (so POST /alertmanager can join GET /metrics later), clear answers
 * for the rest, and a port that is already taken is one clear line in `teach run` while supervision carries on.
 */
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createHttpListener } from '../../src/util/http-listener.js';
import { demoProject, runDaemon, teach } from '../cli/helpers.js';
import { freePort } from '../support/temp-project.js';

describe('http listener', () => {
  it('dispatches by path and method; 404, 405 with Allow, and 500 for a handler that throws', async () => {
    const errors: string[] = [];
    const l = createHttpListener({ notFound: (path) => `not found: ${path}`, onError: (e) => errors.push(String(e)) });
    l.route('GET', '/metrics', (_req, res) => void res.end('ok'));
    l.route('POST', '/boom', () => {
      throw new Error('kaput');
    });
    await l.listen({ host: '127.0.0.1', port: await freePort() });
    onTestFinished(() => l.close());
    const base = `http://127.0.0.1:${l.address()!.port}`;
    expect(await (await fetch(`${base}/metrics?x=1`)).text()).toBe('ok');
    const missing = await fetch(`${base}/nope`);
    expect([missing.status, await missing.text()]).toEqual([404, 'not found: /nope\n']);
    const wrong = await fetch(`${base}/metrics`, { method: 'POST', body: 'x' });
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET']);
    const boom = await fetch(`${base}/boom`, { method: 'POST' });
    expect([boom.status, await boom.text()]).toEqual([500, 'internal error\n']);
    expect(errors).toEqual(['Error: kaput']);
  });

  it('a second bind of a taken port rejects with EADDRINUSE and leaves nothing bound', async () => {
    const port = await freePort();
    const a = createHttpListener();
    const b = createHttpListener();
    await a.listen({ host: '127.0.0.1', port });
    onTestFinished(() => a.close());
    await expect(b.listen({ host: '127.0.0.1', port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(b.address()).toBeUndefined();
  });
});

describe('teach run with its metrics port taken', () => {
  it('says who holds the port and how to fix it, once, and keeps supervising', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
    onTestFinished(() => new Promise<void>((r) => holder.close(() => r())));
    const p = await demoProject({ raw: { metrics: { listen: `127.0.0.1:${port}` } } });
    const daemon = runDaemon(p);
    onTestFinished(async () => void (await daemon.stop()));
    await daemon.waitFor(/ready: watching the services/);
    const out = daemon.output();
    expect(out).toContain(`cannot serve /metrics on 127.0.0.1:${port}: port ${port} is in use by pid ${process.pid}`);
    expect(out).toContain('set metrics.listen in services.yaml to a free port; teachops keeps supervising and tries again every');
    expect(out.match(/cannot serve \/metrics/g)).toHaveLength(1);
    const status = teach(p, ['status', '--json']);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { ok: boolean }).ok).toBe(true);
    expect(await daemon.stop()).toBe(0);
  });
});
