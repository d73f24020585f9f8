/**
 * A minimal GET for health checks over node:http(s). The global `fetch` loads undici on first use (~30 ms of module
 * loading), which a one-shot `teach status` cannot afford; this has the FetchLike shape checkHealth expects.
 */
import { request as httpRequest } from 'node:http';
import { teachopsVersion } from '../util/project-root.js';
import type { FetchLike } from './health.js';

/** Services' access logs can tell teachops' own probes from real traffic by it (the log classifier leaves them out). */
export const HEALTH_USER_AGENT_PREFIX = 'teachops-health/';
let userAgent: string | undefined;
function healthUserAgent(): string {
  if (userAgent === undefined) {
    let version = 'unknown';
    try {
      version = teachopsVersion();
    } catch {
      // A copied bundle without its package.json still probes; the prefix is what identifies it.
    }
    userAgent = `${HEALTH_USER_AGENT_PREFIX}${version}`;
  }
  return userAgent;
}

export const httpGet: FetchLike = async (url, init) => {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(u, { method: 'GET', signal: init.signal, headers: { 'user-agent': healthUserAgent(), connection: 'close' } }, (res) => {
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
