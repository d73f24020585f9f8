/**
 * Scrape time of `/metrics` on `teach run` (its own process) with 3 and 30 supervised stand-in services on free
 * ports: the time a client (as Prometheus does) takes to GET the whole exposition over a kept-alive loopback
 * connection, measured after the monitor has sampled and health-checked every service. Target < 5 ms.
 * The server serves the monitor's last round, so the figure is rendering + HTTP, never probing. A second figure
 * renders the same exposition in-process (the exporter over a real state database, 30 services' rounds), which
 * separates teachops' own work from process scheduling on a busy host.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { join } from 'node:path';
import { metricsSources } from '../src/app/metrics-sources.js';
import { createExporter } from '../src/metrics/exporter.js';
import type { MonitorSample } from '../src/monitor/sample.js';
import { demoCommand, freePort, makeTempProject, repoRoot, type RawServiceInput } from '../test/support/temp-project.js';
import { median, percentile } from './stats.js';
import type { BenchResult } from './types.js';

const CLI = join(repoRoot, 'dist', 'cli', 'teach.js');
const SCRAPES = 300;
const WARMUP = 20;

function scrape(agent: Agent, url: string): Promise<{ ms: number; body: string }> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, body }));
    }).on('error', reject);
  });
}

/** utime + stime of a process in ms (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function measure(count: number): Promise<BenchResult> {
  const services: Record<string, RawServiceInput> = {};
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    services[`svc-${i}`] = { command: demoCommand('backend'), env: { PORT: String(port) }, port, health: { url: `http://127.0.0.1:${port}/health`, timeout: '1s' } };
  }
  const metricsPort = await freePort();
  const p = makeTempProject({ services, raw: { monitor: { interval: '2s' }, metrics: { listen: `127.0.0.1:${metricsPort}`, host: 'bench' } } });
  let daemon: ChildProcess | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    daemon = spawn(process.execPath, [CLI, 'run', '--config', p.config.file], { cwd: p.dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    // Every service health-checked at least twice: the exposition is as big as it gets in steady state.
    await waitFor(`${count} services sampled`, async () => {
      const { body } = await scrape(agent, url);
      return [...body.matchAll(/^teachops_health_check_duration_seconds_count\{[^}]*\} (\d+)/gm)].filter((m) => Number(m[1]) >= 2).length === count;
    }, 120_000);
    for (let i = 0; i < WARMUP; i++) await scrape(agent, url);
    const times: number[] = [];
    let body = '';
    const cpuBefore = cpuMsOf(daemon.pid!);
    for (let i = 0; i < SCRAPES; i++) ({ ms: times[i], body } = await scrape(agent, url));
    const cpuPerScrape = (cpuMsOf(daemon.pid!) - cpuBefore) / SCRAPES;
    const series = body.split('\n').filter((l) => l && !l.startsWith('#')).length;
    return {
      name: `GET /metrics, ${count} services`,
      unit: 'ms',
      median: median(times),
      p99: percentile(times, 99),
      n: times.length,
      note:
        `p95 ${percentile(times, 95).toFixed(2)} ms; ${series} series, ${(Buffer.byteLength(body) / 1024).toFixed(1)} KB; sequential scrapes over one kept-alive loopback connection, ` +
        `monitor sampling every 2 s meanwhile; teach run used ${cpuPerScrape.toFixed(2)} ms of CPU per scrape (its monitor's rounds included); target < 5 ms`,
    };
  } finally {
    agent.destroy();
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon!.once('exit', r));
    }
    spawnSync(process.execPath, [CLI, 'stop', 'all', '--config', p.config.file], { stdio: 'ignore' });
    await p.cleanup();
  }
}

async function measureRender(count: number): Promise<BenchResult[]> {
  const names = Array.from({ length: count }, (_, i) => `svc-${i}`);
  const p = makeTempProject({ services: Object.fromEntries(names.map((n) => [n, { command: 'node x.mjs' }])) });
  try {
    const exporter = createExporter({ host: 'bench', version: '0', services: names, healthChecked: names, sources: metricsSources(p.store, names) });
    const round = (at: number): MonitorSample => ({
      at,
      services: names.map((name, i) => ({ name, state: 'running', desiredRunning: true, pid: 1000 + i, usage: { cpu: 1, rssBytes: 5e7, memPercent: 1, pids: [1000 + i], cpuMs: [at / 100] }, health: { ok: true, latencyMs: 2 + (i % 7) } })),
    });
    for (let i = 0; i < 10; i++) exporter.publish(round(i * 1000));
    for (let i = 0; i < WARMUP; i++) await exporter.render();
    const scrape: number[] = [];
    const withRound: number[] = [];
    for (let i = 0; i < SCRAPES; i++) {
      let t0 = process.hrtime.bigint();
      await exporter.render();
      scrape.push(Number(process.hrtime.bigint() - t0) / 1e6);
      // A round published just before a scrape: the scrape waits for the monitor's series to be rendered.
      t0 = process.hrtime.bigint();
      exporter.publish(round(10_000 + i * 1000));
      await exporter.render();
      withRound.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const note = 'in-process over a real state database: teachops\' own work, without HTTP or another process';
    return [
      { name: `exporter.render() in-process, ${count} services`, unit: 'ms', median: median(scrape), p99: percentile(scrape, 99), n: scrape.length, note },
      { name: `publish(round) + render() in-process, ${count} services`, unit: 'ms', median: median(withRound), p99: percentile(withRound, 99), n: withRound.length, note: `${note}; the worst case, a scrape right after a round` },
    ];
  } finally {
    await p.cleanup();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [await measure(3), await measure(30), ...(await measureRender(3)), ...(await measureRender(30))];
}
