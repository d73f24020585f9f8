/**
 * Operator intent wins: a restart that could not start again leaves the service running; a stopped service stays
 * stopped across a restart of `teach run`; a CLI `restart all` while `teach run` watches raises no alert and no
 * "exited unexpectedly", whether the bot spawned the services or adopted them; `teach status` exits 3 when a service
 * that should run is unhealthy. Real CLI processes, real services, the real daemon.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { runLifecycle } from '../../src/ops/lifecycle.js';
import { createSupervisor } from '../../src/supervisor/index.js';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fileURLToPath } from 'node:url';
import { isAlive } from '../../src/util/proc.js';
import { freePort, makeTempProject, type TempProject } from '../support/temp-project.js';
import { demoProject, pidOf, runDaemon, teach, type Daemon } from './helpers.js';
import { until } from '../support/wait.js';

const QUIET_HOST = { interval: '1s', thresholds: { cpu_percent: 100, memory_percent: 100, disk_percent: 100 } };


function serviceAlerts(p: TempProject): string[] {
  const rows = p.store.db.prepare("SELECT key FROM alerts WHERE key NOT IN ('cpu', 'memory') AND key NOT LIKE 'disk:%' ORDER BY id").all() as { key: string }[];
  return rows.map((r) => r.key);
}

/** Resolves once the daemon's monitor has sampled every service after `since` (a whole round has judged them). */
async function nextRound(p: TempProject, since: number): Promise<void> {
  await until(() => p.config.serviceNames.every((s) => (p.store.samples.latest(s)?.at ?? 0) > since), 'a monitor round');
}

function startDaemon(p: TempProject): Daemon {
  const d = runDaemon(p);
  onTestFinished(() => d.stop().then(() => undefined));
  return d;
}

describe('a restart that could not start again', () => {
  it('is refused before anything is stopped: the service keeps running (same pid, healthy)', async () => {
    const p = await demoProject();
    const started = teach(p, ['start']);
    expect(started.code).toBe(0);
    // No alerts channel configured: nothing claims a channel will hear of it.
    expect(started.stdout).not.toContain('alerts channel');
    const before = { llm: pidOf(p, 'llm'), backend: pidOf(p, 'backend') };
    writeFileSync(join(p.dir, 'llm.env'), '# the key was removed by mistake\n');

    const r = teach(p, ['restart', 'llm']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/restart of llm refused: it could not start again \(llm needs DASHSCOPE_API_KEY: add it to \S*llm\.env .*\); llm keeps running \(pid \d+\)/);
    expect(pidOf(p, 'llm')).toBe(before.llm);
    const all = teach(p, ['restart']);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/restart of llm refused/);
    expect(all.stdout).not.toMatch(/stopping/);
    expect(pidOf(p, 'backend')).toBe(before.backend);

    type Report = { ok: boolean; services: { name: string; state: string; pid: number; health: { ok: boolean } }[] };
    // Healthy: its health check may need a second try on a loaded host, so wait for the verdict rather than sample it once.
    const status = await until(() => {
      const r = JSON.parse(teach(p, ['status', '--json']).stdout) as Report;
      return r.ok ? r : undefined;
    }, 'status ok');
    expect(status.services.find((s) => s.name === 'llm')).toMatchObject({ state: 'running', pid: before.llm, health: { ok: true } });
    expect(isAlive(before.llm)).toBe(true);
  });
});

describe('desired state beats autostart', () => {
  it('a service an operator stopped stays stopped when teach run starts again', async () => {
    const p = await demoProject({ raw: { monitor: QUIET_HOST } });
    const first = startDaemon(p);
    await first.waitFor(/ready: watching/);
    expect(teach(p, ['stop', 'frontend']).code).toBe(0);
    await first.stop();

    const second = startDaemon(p);
    await second.waitFor(/ready: watching/);
    expect(second.output()).toMatch(/frontend stays stopped: cli:tester stopped it/);
    const status = JSON.parse(teach(p, ['status', '--json']).stdout) as { services: { name: string; state: string; desired: string }[] };
    expect(status.services.find((s) => s.name === 'frontend')).toMatchObject({ state: 'stopped', desired: 'stopped' });
    expect(status.services.find((s) => s.name === 'backend')).toMatchObject({ state: 'running' });
  }, 60_000);
});

describe('restart all while teach run watches', () => {
  it('raises no alert and no "exited unexpectedly" with a slowly starting backend, spawned or adopted', async () => {
    const p = await demoProject({ raw: { monitor: QUIET_HOST } });
    // The backend takes 2.5 s to listen: frontend (which depends on it) stays stopped for that long.
    const backend = p.config.services.backend!;
    const slow = { ...JSON.parse(JSON.stringify(backend)), env: { ...backend.env, DEMO_START_DELAY_MS: '2500' } };
    writeFileSync(p.config.file, JSON.stringify({ logs_dir: 'logs', monitor: QUIET_HOST, services: rawServices(p, { backend: slow }) }, null, 2));
    for (const round of ['spawned by teach run', 'adopted by teach run']) {
      const daemon = startDaemon(p);
      await daemon.waitFor(/ready: watching/);
      const r = teach(p, ['restart']);
      expect(r.code, `${round}: ${r.stdout}${r.stderr}`).toBe(0);
      await nextRound(p, Date.now());
      expect(serviceAlerts(p), `${round}: ${daemon.output()}`).toEqual([]);
      expect(daemon.output()).not.toMatch(/exited unexpectedly|is now crashed|Firing/);
      await daemon.stop();
    }
  }, 120_000);
});

describe('the active fallback', () => {
  it('is shown by teach status (text and JSON) and kept by a plain teach restart, which says so', async () => {
    const p = await demoProject({
      files: { 'openai.env': 'OPENAI_API_KEY=sk-openai-test-1234567890\n' },
      services: {},
    });
    const raw = JSON.parse(readFileSync(p.config.file, 'utf8')) as { services: { llm: Record<string, unknown> } };
    raw.services.llm.fallback = { env: { LLM_PROVIDER: 'openai' }, env_file: 'openai.env', required_env: ['OPENAI_API_KEY'] };
    writeFileSync(p.config.file, JSON.stringify(raw, null, 2));
    expect(teach(p, ['start', 'llm']).code).toBe(0);
    // The runbook's "switch to the fallback" (an incident step) is this call through the operations layer.
    const config = loadConfig({ file: p.config.file, env: {}, cwd: p.dir });
    const [switched] = await runLifecycle({ config, store: p.store, supervisor: createSupervisor({ config, store: p.store }), clock: systemClock }, { source: 'cli', id: 'tester' }, { action: 'restart', target: 'llm', fallback: true });
    expect(switched).toMatchObject({ ok: true, fallback: true });

    const text = teach(p, ['status', 'llm']);
    expect(text.stdout).toMatch(/llm runs its fallback \(LLM_PROVIDER=openai\) and stays on it until someone switches back/);
    const json = JSON.parse(teach(p, ['status', 'llm', '--json']).stdout) as { services: { fallback: boolean; overrides: Record<string, string> }[] };
    expect(json.services[0]).toMatchObject({ fallback: true, overrides: { LLM_PROVIDER: 'openai' } });
    const restart = teach(p, ['restart', 'llm']);
    expect(restart.code, restart.stdout).toBe(0);
    expect(restart.stdout).toMatch(/llm runs its fallback and stays on it until someone switches back/);
    expect(((await (await fetch(`http://127.0.0.1:${p.ports.llm}/health`)).json()) as { provider: string }).provider).toBe('openai');
  });
});

describe('teach status exit code', () => {
  it('exits 3 when a service that should run is running but unhealthy; ok is false in the JSON too', async () => {
    const port = await freePort();
    const p = makeTempProject({
      services: {
        web: {
          command: [process.execPath, fileURLToPath(new URL('../monitor/fixtures/http-service.mjs', import.meta.url))],
          env: { PORT: String(port), FAIL_FILE: 'fail-health' },
          port,
          health: { url: `http://127.0.0.1:${port}/`, timeout: '1s' },
          start_timeout: '10s',
        },
      },
    });
    onTestFinished(async () => {
      teach(p, ['stop', 'all']);
      await p.cleanup();
    });
    expect(teach(p, ['start', 'web']).code).toBe(0);
    expect(teach(p, ['status']).code).toBe(0);
    writeFileSync(join(p.dir, 'fail-health'), '');
    const text = teach(p, ['status']);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/web\s+unhealthy/);
    const json = teach(p, ['status', '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, down: [], unhealthy: ['web'] });
  });
});

/** The services of the project's config as YAML input again (commands, env, ports), with some replaced. */
function rawServices(p: TempProject, replace: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of p.config.serviceNames) {
    const s = (replace[name] ?? p.config.services[name]) as Record<string, unknown> & { argv: string[]; health: { url: string } | null };
    out[name] = {
      command: s.argv,
      cwd: s.cwd,
      env: s.env,
      ...(s.env_file ? { env_file: s.env_file } : {}),
      required_env: s.required_env,
      port: s.port,
      health: s.health ? { url: s.health.url, timeout: '1s' } : null,
      depends_on: s.depends_on,
      start_timeout: '10s',
      stop_timeout: '3s',
    };
  }
  return out;
}
