/**
 * The `teach` CLI end to end: real child processes, real services on free ports, a real state database.
 * Exit codes: 0 ok, 1 failed, 2 usage or config error, 3 status with a desired-running service down.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoProject, pidOf, runDaemon, teach, teachAsync } from './helpers.js';
import { isAlive } from '../../src/util/proc.js';
import { writePidFile } from '../../src/supervisor/pidfile.js';

describe('teach CLI', () => {
  it('starts, reports, restarts and stops the stack with the documented exit codes', async () => {
    const p = await demoProject();
    const start = teach(p, ['start']);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/✔ backend started, healthy in .* \(pid \d+\)/);
    // dependency order: backend before frontend
    expect(start.stdout.indexOf('✔ backend started')).toBeLessThan(start.stdout.indexOf('✔ frontend started'));

    const status = teach(p, ['status', '--json']);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { ok: boolean; down: string[]; services: { name: string; state: string; pid: number; health: { ok: boolean } }[]; system: { cpu_percent: number; disks: unknown[] } };
    expect(report.ok).toBe(true);
    expect(report.services.map((s) => [s.name, s.state, s.health.ok])).toEqual([
      ['backend', 'running', true],
      ['llm', 'running', true],
      ['frontend', 'running', true],
    ]);
    expect(report.system.disks.length).toBeGreaterThan(0);

    const llmPid = pidOf(p, 'llm');
    process.kill(llmPid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const down = teach(p, ['status']);
    expect(down.code).toBe(3);
    expect(down.stdout).toMatch(/llm\s+crashed/);

    const restart = teach(p, ['restart', 'llm']);
    expect(restart.code, restart.stdout + restart.stderr).toBe(0);
    expect(restart.stdout).toMatch(/✔ llm restarted, healthy in/);
    const newPid = pidOf(p, 'llm');
    expect(newPid).not.toBe(llmPid);
    expect(isAlive(newPid)).toBe(true);

    const stop = teach(p, ['stop', 'all']);
    expect(stop.code).toBe(0);
    // reverse dependency order: frontend before backend
    expect(stop.stdout.indexOf('✔ frontend stopped')).toBeLessThan(stop.stdout.indexOf('✔ backend stopped'));
    expect(isAlive(newPid)).toBe(false);
    // stopped on purpose: not "down"
    expect(teach(p, ['status']).code).toBe(0);
  });

  it('answers bad input with exit 2 and a message naming what was wrong', async () => {
    const p = await demoProject();
    const unknownSvc = teach(p, ['restart', 'lm']);
    expect(unknownSvc.code).toBe(2);
    expect(unknownSvc.stderr).toContain('unknown service "lm". Valid services: backend, llm, frontend, all. Did you mean "llm"?');

    const unknownCmd = teach(p, ['restrat', 'llm']);
    expect(unknownCmd.code).toBe(2);
    expect(unknownCmd.stderr).toContain('Did you mean restart?');

    const badCount = teach(p, ['logs', 'llm', '-n', 'many']);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain('--lines must be a whole number from 1 to 100000, got "many"');

    writeFileSync(join(p.dir, 'broken.yaml'), 'services:\n  llm:\n    comand: node x.js\n');
    const r = teach(p, ['config', 'check', '--config', join(p.dir, 'broken.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:3:5 services\.llm\.comand: .*did you mean "command"/);
  });

  it('a failed start exits 1 with the reason, the fix and the redacted log tail', async () => {
    const p = await demoProject({ files: { 'llm.env': 'LLM_PROVIDER=tongyi\n' } });
    // llm.env lacks DASHSCOPE_API_KEY: the start is refused before anything is spawned, naming the variable.
    const r = teach(p, ['start', 'llm']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✘ llm failed to start: llm needs DASHSCOPE_API_KEY');
    expect(r.stdout).toMatch(/fix: /);
  });

  it('shows logs redacted, keeps an audit trail, and cleans up stale pid files without signalling', async () => {
    const p = await demoProject();
    expect(teach(p, ['start', 'llm']).code).toBe(0);
    const logs = teach(p, ['logs', 'llm', '-n', '50']);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('listening on');
    expect(logs.stdout).not.toContain('sk-testkey1234567890abcdef');
    expect(logs.stdout).toMatch(/llm: last \d+ lines: \d+ error lines? \(level ERROR or worse\), \d+ exceptions?, \d+ tracebacks?, \d+ failed requests? \(5xx\)/);

    const audit = teach(p, ['audit', '--json']);
    const rows = JSON.parse(audit.stdout) as { source: string; actor: string; action: string; outcome: string }[];
    expect(rows.map((r) => [r.source, r.actor, r.action, r.outcome])).toEqual([
      ['cli', 'tester', 'start', 'ok'],
      ['cli', 'tester', 'logs', 'ok'],
    ]);

    // A pid file naming an unrelated live process (pid reuse): cleanup removes it and never signals the process.
    const { spawn } = await import('node:child_process');
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    onTestFinished(() => void sleeper.kill('SIGKILL'));
    writePidFile(p.logsDir, { service: 'frontend', pid: sleeper.pid!, pgid: sleeper.pid!, start_time: '1', boot_id: 'other-boot', argv: ['node', 'frontend.mjs'], started_at: Date.now(), spawned_by: 1 });
    const cleanup = teach(p, ['cleanup']);
    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toContain(`frontend: removed a stale pid file (pid ${sleeper.pid}`);
    expect(cleanup.stdout).toContain('that process was not touched');
    expect(existsSync(join(p.logsDir, 'pids', 'frontend.pid'))).toBe(false);
    expect(isAlive(sleeper.pid!)).toBe(true);
    expect(teach(p, ['cleanup']).stdout).toContain('nothing to clean up');
  });

  it('teach run: adopts running services, refuses a second instance, exits 0 on SIGTERM leaving services up', async () => {
    const p = await demoProject();
    expect(teach(p, ['start', 'backend']).code).toBe(0);
    const backendPid = pidOf(p, 'backend');
    const daemon = runDaemon(p);
    await daemon.waitFor(/ready: watching/);
    expect(daemon.output()).toContain(`adopted backend (pid ${backendPid})`);
    expect(daemon.output(), daemon.output()).toMatch(/✔ llm started/);

    const second = await teachAsync(p, ['run']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`teach run is already running (pid ${daemon.pid})`);

    expect(await daemon.stop('SIGTERM')).toBe(0);
    expect(daemon.output()).toContain('The services keep running');
    expect(pidOf(p, 'backend')).toBe(backendPid);
    expect(isAlive(backendPid)).toBe(true);
  });

  it('teach run: SIGTERM during start-up finishes the start in progress, starts nothing more, exits 0', async () => {
    const p = await demoProject();
    // backend is slow to become healthy, so the signal arrives while its start is in progress
    const raw = JSON.parse(readFileSync(p.config.file, 'utf8')) as { services: Record<string, { env: Record<string, string> }> };
    raw.services.backend!.env.DEMO_START_DELAY_MS = '1500';
    writeFileSync(p.config.file, JSON.stringify(raw));
    const daemon = runDaemon(p);
    await daemon.waitFor(/backend: started pid/);
    const code = await daemon.stop('SIGTERM');
    const out = daemon.output();
    expect(code, out).toBe(0);
    expect(out).toContain('received SIGTERM while starting');
    expect(out).toMatch(/✔ backend started/);
    expect(out).not.toMatch(/llm: started pid/);
    expect(out).not.toContain('ready: watching');
  });
});
