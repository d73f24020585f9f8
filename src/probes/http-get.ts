/**
 * A minimal GET for health checks over node:http(s). The global `fetch` loads undici on first use (~30 ms of module
 * loading), which a one-shot `teach status` cannot afford; this has the FetchLike shape checkHealth expects.
 */
import { request as httpRequest } from 'node:http';
import type { FetchLike } from './health.js';

export const httpGet: FetchLike = async (url, init) => {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(u, { method: 'GET', signal: init.signal, headers: { 'user-agent': 'teachops-health', connection: 'close' } }, (res) => {
      // The body is not part of the verdict; drain it so the socket is released.
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('error', (e) => {
      // Same shape as undici's errors so describeFetchError keeps saying "connect ECONNREFUSED 127.0.0.1:8001".
      reject(init.signal.aborted ? init.signal.reason : new Error('fetch failed', { cause: e }));
    });
    req.end();
  });
};
