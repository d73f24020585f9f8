/**
 * `teach restore` while `teach run` watches: a planned stop, not a crash (no alert), and an interrupted restore
 * leaves the services as they were before it: Ctrl-C rolls back and starts them; after a SIGKILL of the CLI,
 * `teach run` notices the dead holder and brings them back. The audit log says how each restore ended.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLI, cleanEnv, demoProject, runDaemon, teach, type Daemon } from './helpers.js';
import type { TempProject } from '../support/temp-project.js';
import { until } from '../support/wait.js';

const QUIET_HOST = { interval: '1s', thresholds: { cpu_percent: 100, memory_percent: 100, disk_percent: 100 } };


/** The demo stack with a backend that takes 2.5 s to listen (the start step of a restore lasts that long), backups in the project. */
async function slowStack() {
  const p = await demoProject({ raw: { monitor: QUIET_HOST, backup: { dir: 'backups' } } });
  const text = readFileSync(p.config.file, 'utf8');
  const raw = JSON.parse(text) as { services: { backend: { env: Record<string, string> } } };
  raw.services.backend.env.DEMO_START_DELAY_MS = '2500';
  writeFileSync(p.config.file, JSON.stringify(raw, null, 2));
  return p;
}

function startDaemon(p: TempProject): Daemon {
  const d = runDaemon(p);
  onTestFinished(() => d.stop().then(() => undefined));
  return d;
}

function backup(p: TempProject): string {
  const r = teach(p, ['backup']);
  expect(r.code, r.stderr).toBe(0);
  return /Backup written: (\S+\.tar\.gz)/.exec(r.stdout)![1]!;
}

interface Running {
  output(): string;
  kill(signal: NodeJS.Signals): void;
  closed: Promise<number | null>;
}

function restoreInBackground(p: TempProject, archive: string): Running {
  const child = spawn(process.execPath, [CLI, 'restore', archive, '--config', p.config.file], { cwd: p.dir, env: cleanEnv() });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  onTestFinished(() => void child.kill('SIGKILL'));
  return { output: () => out, kill: (s) => child.kill(s), closed };
}

const serviceAlerts = (p: TempProject) =>
  (p.store.db.prepare("SELECT key FROM alerts WHERE key NOT IN ('cpu', 'memory') AND key NOT LIKE 'disk:%'").all() as { key: string }[]).map((r) => r.key);

function states(p: TempProject): Record<string, string> {
  const r = JSON.parse(teach(p, ['status', '--json']).stdout) as { services: { name: string; state: string }[] };
  return Object.fromEntries(r.services.map((s) => [s.name, s.state]));
}

const allRunning = { backend: 'running', llm: 'running', frontend: 'running' };

describe('teach restore while teach run watches', () => {
  it('raises no alert: the services are down on purpose', async () => {
    const p = await slowStack();
    const daemon = startDaemon(p);
    await daemon.waitFor(/ready: watching/);
    const archive = backup(p);
    const r = teach(p, ['restore', archive]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const after = Date.now();
    await until(() => p.config.serviceNames.every((s) => (p.store.samples.latest(s)?.at ?? 0) > after), 'a monitor round after the restore');
    expect(daemon.output()).not.toMatch(/Firing|exited unexpectedly|is now crashed/);
    expect(serviceAlerts(p)).toEqual([]);
    // Running again; its health check may still be catching up on a loaded host.
    await until(() => JSON.stringify(states(p)) === JSON.stringify(allRunning) || undefined, 'all services running and healthy');
  }, 60_000);

  it('Ctrl-C rolls back what it wrote and starts the services again; the audit log says it was interrupted', async () => {
    const p = await slowStack();
    expect(teach(p, ['start']).code).toBe(0);
    const archive = backup(p);
    writeFileSync(join(p.dir, 'llm.env'), 'DASHSCOPE_API_KEY=sk-testkey1234567890abcdef\n# changed after the backup\n');
    const restore = restoreInBackground(p, archive);
    await until(() => /\[done\] Restore the data/.test(restore.output()), 'the data step');
    restore.kill('SIGINT');
    const code = await restore.closed;
    expect(code, restore.output()).toBe(130);
    expect(restore.output()).toMatch(/SIGINT received: the restore stops after the step in hand/);
    expect(restore.output()).toMatch(/restore interrupted by SIGINT during "start": what it had written was put back/);
    expect(readFileSync(join(p.dir, 'llm.env'), 'utf8')).toContain('changed after the backup');
    // Running again; its health check may still be catching up on a loaded host.
    await until(() => JSON.stringify(states(p)) === JSON.stringify(allRunning) || undefined, 'all services running and healthy');
    const row = p.store.audit.recent(5).find((a) => a.action === 'restore');
    expect(row).toMatchObject({ source: 'cli', outcome: 'interrupted', detail: expect.stringMatching(/interrupted by SIGINT/) });
    expect(existsSync(join(p.logsDir, 'pids', 'operation.json'))).toBe(false);
  }, 60_000);

  it('after a SIGKILL of the CLI, teach run notices the dead holder, brings the services back and audits it', async () => {
    const p = await slowStack();
    const daemon = startDaemon(p);
    await daemon.waitFor(/ready: watching/);
    const archive = backup(p);
    const restore = restoreInBackground(p, archive);
    await until(() => /\[done\] Stop all services/.test(restore.output()), 'the stop step');
    restore.kill('SIGKILL');
    await restore.closed;
    await until(() => /was interrupted; started again/.test(daemon.output()), 'teach run to bring the services back');
    // Running again; its health check may still be catching up on a loaded host.
    await until(() => JSON.stringify(states(p)) === JSON.stringify(allRunning) || undefined, 'all services running and healthy');
    const row = p.store.audit.recent(10).find((a) => a.action === 'restore');
    expect(row).toMatchObject({ source: 'teachops', outcome: 'interrupted', detail: expect.stringMatching(/was interrupted; started again: /) });
    expect(existsSync(join(p.logsDir, 'pids', 'operation.json'))).toBe(false);
    expect(daemon.output()).not.toMatch(/Firing|exited unexpectedly|is now crashed/);
  }, 60_000);
});
