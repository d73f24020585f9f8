/**
 * A real Alertmanager for a test: its own temp config and data folders, a free loopback port, clustering off
 * (`--cluster.listen-address=`), routing every alert to one webhook with a bearer token, grouped by alertname with
 * short waits so notifications follow within about a second. An API v2 client for what the test does (post alerts,
 * read silences and alerts) and waits on conditions with a deadline. `stop()` ends only this process and removes
 * its folders; `kill()` stops it without cleaning up, to test teachops while Alertmanager is down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { stringify } from 'yaml';
import { freePort } from './temp-project.js';

export interface AlertmanagerOptions {
  binary: string;
  /** where notifications go (teach run's POST /alertmanager) and the token it expects */
  webhook: { url: string; token: string };
  /** default 2s: the same group is sent again that often (repeat deliveries must stay one Slack message) */
  repeatInterval?: string;
  /** default: a free one */
  port?: number;
}

export interface PostedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface AmSilence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
  createdBy: string;
  comment: string;
  startsAt: string;
  endsAt: string;
}

export interface RunningAlertmanager {
  url: string;
  port: number;
  postAlerts(alerts: PostedAlert[]): Promise<void>;
  alerts(): Promise<{ fingerprint: string; labels: Record<string, string>; status: { state: string; silencedBy: string[] } }[]>;
  silences(): Promise<AmSilence[]>;
  /** a counter from its own /metrics, e.g. alertmanager_notifications_total{integration="webhook"} */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs?: number): Promise<T>;
  output(): string;
  /** SIGTERM, keeping its folders (start it again with the same port is not needed by the tests) */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAlertmanager(o: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'teachops-alertmanager-'));
  const port = o.port ?? (await freePort());
  const config = {
    route: { receiver: 'teachops', group_by: ['alertname'], group_wait: '0s', group_interval: '1s', repeat_interval: o.repeatInterval ?? '2s' },
    receivers: [{ name: 'teachops', webhook_configs: [{ url: o.webhook.url, send_resolved: true, http_config: { authorization: { credentials: o.webhook.token } } }] }],
  };
  writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));
  let out = '';
  const child: ResultPromise = execa(
    o.binary,
    [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { reject: false, cleanup: true, all: true },
  );
  child.all?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`Alertmanager ${init?.method ?? 'GET'} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const until: RunningAlertmanager['until'] = async (probe, what, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const v = await probe();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\nalertmanager output:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  let killed = false;
  const am: RunningAlertmanager = {
    url,
    port,
    postAlerts: (alerts) => json('/api/v2/alerts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) }),
    alerts: () => json('/api/v2/alerts'),
    silences: () => json('/api/v2/silences'),
    async metric(name, labels = {}) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      let sum = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (want.every((w) => line.includes(w))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return sum;
    },
    until,
    output: () => out,
    async kill() {
      if (killed) return;
      killed = true;
      child.kill('SIGTERM');
      await child;
    },
    async stop() {
      await am.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await until(() => fetch(`${url}/-/ready`).then((r) => r.ok), 'Alertmanager to be ready');
  return am;
}
