import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPortFree } from '../../src/probes/ports.js';
import { createSupervisor, UnknownServiceError } from '../../src/supervisor/index.js';
import type { ExitInfo, PidRecord } from '../../src/supervisor/types.js';
import { paths } from '../../src/util/paths.js';
import { isAlive, readCmdline } from '../../src/util/proc.js';
import { demoCommand, fixtureCommand } from '../support/temp-project.js';
import { by, getJson, harness, httpService } from './helpers.js';

async function stack() {
  const backend = await httpService(demoCommand('backend'));
  const llm = await httpService(demoCommand('llm'), { env: { DASHSCOPE_API_KEY: 'test-key-123' } });
  const frontend = await httpService(demoCommand('frontend'), { depends_on: ['backend'] });
  // Declared frontend first: the config's start order must still put backend before it.
  const h = harness({ services: { frontend: frontend.def, backend: backend.def, llm: llm.def } });
  return { h, ports: { backend: backend.port, llm: llm.port, frontend: frontend.port } };
}

const pidRecord = (logsDir: string, svc: string) => JSON.parse(readFileSync(paths.pidFile(logsDir, svc), 'utf8')) as PidRecord;

describe('supervisor lifecycle', () => {
  it('starts all in dependency order, health-gated, and stops all in reverse', async () => {
    const { h, ports } = await stack();
    const started = await h.sup.start('all', by(h));
    expect(started.map((r) => [r.service, r.ok])).toEqual([['backend', true], ['frontend', true], ['llm', true]]);
    for (const r of started) {
      expect(isAlive(r.pid!)).toBe(true);
      const rec = pidRecord(h.logsDir, r.service);
      expect(rec).toMatchObject({ service: r.service, pid: r.pid, pgid: r.pid, spawned_by: process.pid });
      expect(rec.argv).toEqual(readCmdline(r.pid!));
    }
    expect(await getJson(`http://127.0.0.1:${ports.llm}/health`)).toMatchObject({ status: 'ok', service: 'llm', provider: 'tongyi' });
    expect(h.sup.runtime().map((s) => [s.name, s.state, s.desired])).toEqual([
      ['backend', 'running', 'running'],
      ['frontend', 'running', 'running'],
      ['llm', 'running', 'running'],
    ]);
    expect(h.logOf('llm')).toMatch(/\[teachops \d{4}-\d\d-\d\dT[\d:.]+Z\] starting llm: \S*node \S*demo\/llm\.mjs \(by cli:test\)/);
    expect(h.logOf('llm')).toMatch(/started llm \(pid \d+\) in /);

    const stopped = await h.sup.stop('all', by(h));
    expect(stopped.map((r) => [r.service, r.ok, r.already])).toEqual([['llm', true, undefined], ['frontend', true, undefined], ['backend', true, undefined]]);
    for (const r of started) expect(isAlive(r.pid!)).toBe(false);
    for (const port of Object.values(ports)) expect(isPortFree(port)).toBe(true);
    for (const svc of ['backend', 'llm', 'frontend']) expect(existsSync(paths.pidFile(h.logsDir, svc))).toBe(false);
    expect(h.sup.runtime().map((s) => [s.state, s.desired])).toEqual([['stopped', 'stopped'], ['stopped', 'stopped'], ['stopped', 'stopped']]);
    expect(h.logOf('llm')).toMatch(/stopping llm \(pid \d+\) with SIGTERM \(by cli:test\)/);
    expect(h.logOf('llm')).toMatch(/stopped llm \(pid \d+\) in \d+/);
    expect(h.logOf('llm')).toContain('SIGTERM received, shutting down');
  });

  it('starts a dependency first; a single stop stops only that service; a second start is "already"', async () => {
    const { h } = await stack();
    const started = await h.sup.start('frontend', by(h));
    expect(started.map((r) => r.service)).toEqual(['backend', 'frontend']);
    expect(h.events).toContainEqual({ type: 'waiting_for_dependency', service: 'frontend', dependency: 'backend' });
    expect(h.sup.runtime('llm')[0]!.state).toBe('stopped');

    const again = await h.sup.start('frontend', by(h));
    expect(again).toEqual([{ service: 'frontend', action: 'start', ok: true, already: true, pid: started[1]!.pid, ms: 0 }]);

    const stopped = await h.sup.stop('backend', by(h));
    expect(stopped.map((r) => r.service)).toEqual(['backend']);
    expect(h.sup.runtime().map((s) => [s.name, s.state])).toEqual([['backend', 'stopped'], ['frontend', 'running'], ['llm', 'stopped']]);
    expect(await h.sup.stop('backend', by(h))).toMatchObject([{ service: 'backend', ok: true, already: true }]);
  });

  it('restarts one service with a new pid on its fallback, keeps the fallback on a plain restart, and switches back', async () => {
    const llm = await httpService(demoCommand('llm'), {
      env: { DASHSCOPE_API_KEY: 'test-key-123' },
      fallback: { env: { LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-override-secret-1234' } },
    });
    const h = harness({ services: { llm: llm.def } });
    const [first] = await h.sup.start('llm', by(h));
    const [restarted] = await h.sup.restart('llm', { ...by(h), fallback: true });
    expect(restarted).toMatchObject({ service: 'llm', action: 'restart', ok: true, fallback: true });
    expect(restarted!.pid).not.toBe(first!.pid);
    expect(isAlive(first!.pid!)).toBe(false);
    expect(await getJson(`http://127.0.0.1:${llm.port}/health`)).toMatchObject({ provider: 'openai', pid: restarted!.pid });
    const rt = h.sup.runtime('llm')[0]!;
    expect(rt).toMatchObject({ state: 'running', pid: restarted!.pid, fallback: true, overrides: { LLM_PROVIDER: 'openai', OPENAI_API_KEY: '[redacted]' } });
    expect(readFileSync(paths.pidFile(h.logsDir, 'llm'), 'utf8')).not.toContain('sk-override');
    expect(h.events.map((e) => e.type)).toEqual(expect.arrayContaining(['stopping', 'stopped', 'preflight', 'spawned', 'healthy']));

    const [plain] = await h.sup.restart('llm', by(h));
    expect(plain).toMatchObject({ ok: true, fallback: true });
    expect(await getJson(`http://127.0.0.1:${llm.port}/health`)).toMatchObject({ provider: 'openai', pid: plain!.pid });
    const [back] = await h.sup.restart('llm', { ...by(h), fallback: false });
    expect(back).toMatchObject({ ok: true });
    expect(back!.fallback).toBeUndefined();
    expect(await getJson(`http://127.0.0.1:${llm.port}/health`)).toMatchObject({ provider: 'tongyi', pid: back!.pid });
    expect(h.sup.runtime('llm')[0]!.fallback).toBeUndefined();
  });

  it('restart all stops in reverse and starts in order', async () => {
    const { h } = await stack();
    const first = await h.sup.start('all', by(h));
    const results = await h.sup.restart('all', by(h));
    expect(results.map((r) => [r.service, r.action, r.ok])).toEqual([['backend', 'restart', true], ['frontend', 'restart', true], ['llm', 'restart', true]]);
    const stops = h.events.filter((e) => e.type === 'stopping').map((e) => e.service);
    expect(stops).toEqual(['llm', 'frontend', 'backend']);
    for (const r of first) expect(isAlive(r.pid!)).toBe(false);
  });

  it('services outlive the supervisor that started them and are adopted by another', async () => {
    const { h } = await stack();
    const [r] = await h.sup.start('backend', by(h));
    const other = createSupervisor({ config: h.config, store: h.store });
    expect(other.runtime('backend')[0]).toMatchObject({ state: 'running', pid: r!.pid });
    expect(await other.stop('backend', { by: 'cli:other' })).toMatchObject([{ ok: true }]);
    expect(isAlive(r!.pid!)).toBe(false);
  });

  it('reports a crash at once through onExit and shows the service as crashed', async () => {
    const svc = await httpService(fixtureCommand('crash-after'), { env: { CRASH_AFTER_MS: '1500', CRASH_CODE: '3' } });
    const h = harness({ services: { worker: svc.def } });
    const exits: ExitInfo[] = [];
    h.sup.onExit((e) => exits.push(e));
    const exited = new Promise<void>((resolve) => h.sup.onExit(() => resolve()));
    const [r] = await h.sup.start('worker', by(h));
    expect(r!.ok).toBe(true);
    await exited;
    expect(exits).toEqual([{ service: 'worker', pid: r!.pid, code: 3, signal: null, expected: false }]);
    expect(h.sup.runtime('worker')[0]).toMatchObject({ state: 'crashed', desired: 'running', pid: null });
    expect(h.store.stats.get('worker')).toMatchObject({ last_exit_code: 3 });
    expect(h.logOf('worker')).toMatch(/worker \(pid \d+\) exited unexpectedly \(exit code 3\)/);
  });

  it('marks exits it caused as expected', async () => {
    const { h } = await stack();
    const exits: ExitInfo[] = [];
    h.sup.onExit((e) => exits.push(e));
    const [r] = await h.sup.start('backend', by(h));
    await h.sup.stop('backend', by(h));
    await new Promise((res) => setTimeout(res, 50));
    expect(exits).toEqual([{ service: 'backend', pid: r!.pid, code: 0, signal: null, expected: true }]);
  });

  it('rejects an unknown service, naming the valid ones and the closest', async () => {
    const { h } = await stack();
    const err = await h.sup.restart('lmm', by(h)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownServiceError);
    expect((err as Error).message).toBe('unknown service "lmm". Valid services: backend, frontend, llm, all. Did you mean "llm"?');
    expect(() => h.sup.runtime('nope')).toThrow(UnknownServiceError);
  });
});
