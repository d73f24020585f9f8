import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionCounts } from '../../src/probes/connections.js';

let server: Server | undefined;
const sockets: Socket[] = [];
let accepted = 0;

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

function listen(): Promise<number> {
  accepted = 0;
  server = createServer((s) => {
    accepted++;
    sockets.push(s);
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)));
}

function open(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve());
    s.once('error', reject);
    sockets.push(s);
  });
}

describe('connectionCounts', () => {
  it('counts established connections to the service port, once each', async () => {
    const port = await listen();
    await Promise.all([open(port), open(port), open(port)]);
    // the server side has accepted all three, so both ends of each connection are in the kernel's table
    while (accepted < 3) await new Promise((r) => setTimeout(r, 5));
    const counts = await connectionCounts([port]);
    expect(counts[port]).toEqual({ established: 3, listening: true });
  });

  it('reports a port nobody uses as idle and not listening', async () => {
    const port = await listen();
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    expect(await connectionCounts([port])).toEqual({ [port]: { established: 0, listening: false } });
  });
});
