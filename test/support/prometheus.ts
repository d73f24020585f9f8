/**
 * A real Prometheus for a test: its own temp config and data folders, a free loopback port, short scrape and
 * evaluation intervals, and an API client that waits on conditions with a deadline. `stop()` ends only this process
 * and removes its folders.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { stringify } from 'yaml';
import { freePort } from './temp-project.js';

export interface PrometheusOptions {
  binary: string;
  /** host:port of each /metrics to scrape */
  targets: string[];
  ruleFiles?: string[];
  /** scrape and evaluation interval, default 1s */
  interval?: string;
}

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
}

export interface RunningPrometheus {
  url: string;
  api<T>(path: string): Promise<T>;
  /** instant query: each series' labels and value */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  alerts(): Promise<PromAlert[]>;
  until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs?: number): Promise<T>;
  output(): string;
  stop(): Promise<void>;
}

export async function startPrometheus(o: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'teachops-prometheus-'));
  const port = await freePort();
  const interval = o.interval ?? '1s';
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    rule_files: o.ruleFiles ?? [],
    scrape_configs: [{ job_name: 'teachops', static_configs: [{ targets: o.targets }] }],
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  let out = '';
  const child: ResultPromise = execa(
    o.binary,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { reject: false, cleanup: true, all: true },
  );
  child.all?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  const until: RunningPrometheus['until'] = async (probe, what, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const v = await probe();
        if (v) return v;
      } catch (e) {
        last = e; // not up yet
      }
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\nprometheus output:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const p: RunningPrometheus = {
    url,
    api,
    async query(expr) {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async alerts() {
      return (await api<{ alerts: PromAlert[] }>('/api/v1/alerts')).alerts;
    },
    until,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await child;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await until(() => fetch(`${url}/-/ready`).then((r) => r.ok), 'Prometheus to be ready');
  return p;
}
