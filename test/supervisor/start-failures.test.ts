import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isPortFree } from '../../src/probes/ports.js';
import {
  CommandNotFoundError,
  CwdMissingError,
  DependencyFailedError,
  ExitedDuringStartError,
  MissingEnvError,
  PortInUseError,
  PreflightError,
  StartTimeoutError,
} from '../../src/supervisor/index.js';
import { paths } from '../../src/util/paths.js';
import { isAlive } from '../../src/util/proc.js';
import { demoCommand, fixtureCommand, freePort } from '../support/temp-project.js';
import { by, harness, httpService } from './helpers.js';

const SECRET = 'hunter2-very-secret-value';

describe('health-gated start', () => {
  it('waits for a slow service to become healthy', async () => {
    const svc = await httpService(demoCommand('backend'), { env: { DEMO_START_DELAY_MS: '600' } });
    const h = harness({ services: { backend: svc.def } });
    const [r] = await h.sup.start('backend', by(h));
    expect(r).toMatchObject({ ok: true });
    expect(r!.ms).toBeGreaterThanOrEqual(600);
  });

  it('gives up after start_timeout with the reason and the redacted log tail, leaving nothing running', async () => {
    const svc = await httpService(fixtureCommand('never-healthy'), { start_timeout: '1s', stop_timeout: '1s', env: { DEMO_SECRET_TOKEN: SECRET } });
    const h = harness({ services: { api: svc.def } });
    const [r] = await h.sup.start('api', by(h));
    expect(r!.ok).toBe(false);
    expect(r!.error).toBeInstanceOf(StartTimeoutError);
    expect(r!.error!.message).toBe('api did not become healthy within 1.0 s (last health check: expected a 2xx status, got 503)');
    expect(r!.logTail).toContain('never-healthy: warming up forever');
    expect(r!.logTail!.join('\n')).toContain('never-healthy: auth token is [redacted]');
    expect(r!.logTail!.join('\n')).not.toContain(SECRET);
    const spawned = h.events.find((e) => e.type === 'spawned');
    expect(spawned && spawned.type === 'spawned' && isAlive(spawned.pid)).toBe(false);
    expect(existsSync(paths.pidFile(h.logsDir, 'api'))).toBe(false);
    expect(isPortFree(svc.port)).toBe(true);
    expect(h.sup.runtime('api')[0]).toMatchObject({ state: 'stopped', desired: undefined });
    expect(h.logOf('api')).toMatch(/start of api failed: api did not become healthy/);
  });

  it('reports an exit during start at once, with the exit code and the service\'s own words', async () => {
    const svc = await httpService(demoCommand('llm'));
    const h = harness({ services: { llm: { ...svc.def, start_timeout: '20s' } } });
    const [r] = await h.sup.start('llm', by(h));
    expect(r!.error).toBeInstanceOf(ExitedDuringStartError);
    expect(r!.error!.message).toMatch(/^llm exited during start \(exit code 1\) after \d+/);
    expect(r!.ms).toBeLessThan(5000);
    expect(r!.logTail!.join('\n')).toContain('API key not set (DASHSCOPE_API_KEY, TONG_YI_API_KEY or OPENAI_API_KEY)');
    expect(existsSync(paths.pidFile(h.logsDir, 'llm'))).toBe(false);
  });
});

describe('preflight', () => {
  it('refuses a port held by another process, naming its pid and command', async () => {
    const port = await freePort();
    const holder = spawn(process.execPath, ['-e', `require('http').createServer().listen(${port}, '127.0.0.1', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'ignore'] });
    onTestFinished(() => void holder.kill('SIGKILL'));
    await new Promise((res) => holder.stdout!.once('data', res));
    const h = harness({ services: { backend: { command: demoCommand('backend'), port, env: { PORT: String(port) } } } });
    const [r] = await h.sup.start('backend', by(h));
    expect(r!.error).toBeInstanceOf(PortInUseError);
    expect(r!.error!.message).toBe(`port ${port} is already in use by pid ${holder.pid} (${process.execPath} -e require('http').createServer().listen(${port}, '127.0.0.1', () => console.log('up')))`);
    expect((r!.error as PortInUseError).hint).toBe(`stop that process (kill ${holder.pid}) or change services.backend.port`);
    expect(h.events.some((e) => e.type === 'spawned')).toBe(false);
    expect(isAlive(holder.pid!)).toBe(true);
  });

  it('says so when the port holder is another teachops service', async () => {
    const a = await httpService(demoCommand('backend'));
    // The config loader rejects two services on one port, so `a` listens on it without declaring it (as after an
    // edit of services.yaml while `a` was running).
    const h = harness({ services: { a: { ...a.def, port: undefined }, b: { ...a.def, command: demoCommand('frontend') } } });
    const [ra] = await h.sup.start('a', by(h));
    const [rb] = await h.sup.start('b', by(h));
    expect(rb!.error!.message).toMatch(new RegExp(`^port ${a.port} is already in use by teachops service a \\(pid ${ra!.pid}, `));
    expect((rb!.error as PortInUseError).hint).toBe('stop a first (teach stop a) or give the two services different ports');
  });

  it('names the missing variable and the env file to add it to', async () => {
    const svc = await httpService(demoCommand('llm'), { env_file: '.env', required_env: ['DASHSCOPE_API_KEY'] });
    const h = harness({ services: { llm: svc.def }, files: { '.env': 'LLM_PROVIDER=tongyi\n' } });
    const [r] = await h.sup.start('llm', by(h));
    expect(r!.error).toBeInstanceOf(MissingEnvError);
    expect(r!.error!.message).toBe(`llm needs DASHSCOPE_API_KEY: add it to ${join(h.dir, '.env')} (loaded from services.llm.env_file)`);
    expect(h.events.some((e) => e.type === 'spawned')).toBe(false);
  });

  it('names services.<svc>.env when there is no env file, and starts once the env file has the key', async () => {
    const svc = await httpService(demoCommand('llm'), { required_env: ['DASHSCOPE_API_KEY'] });
    const h = harness({ services: { llm: svc.def } });
    const [r] = await h.sup.start('llm', by(h));
    expect(r!.error!.message).toBe('llm needs DASHSCOPE_API_KEY: set it in services.llm.env, or add an env_file that holds it');

    const svc2 = await httpService(demoCommand('llm'), { env_file: '.env', required_env: ['DASHSCOPE_API_KEY'] });
    const h2 = harness({ services: { llm: svc2.def }, files: { '.env': `DASHSCOPE_API_KEY=${SECRET}\n` } });
    const [ok] = await h2.sup.start('llm', by(h2));
    expect(ok).toMatchObject({ ok: true });
    expect(h2.logOf('llm')).not.toContain(SECRET);
  });

  it('reports every problem at once', async () => {
    const h = harness({ services: { api: { command: ['no-such-program-xyz', '--serve'], cwd: 'missing-dir' } } });
    const [r] = await h.sup.start('api', by(h));
    expect(r!.error).toBeInstanceOf(PreflightError);
    const problems = (r!.error as PreflightError).problems;
    expect(problems[0]).toBeInstanceOf(CwdMissingError);
    expect(problems[1]).toBeInstanceOf(CommandNotFoundError);
    expect(r!.error!.message).toBe(
      `api cannot start (2 problems): (1) api cannot start: its working directory ${join(h.dir, 'missing-dir')} does not exist ` +
        '(2) api cannot start: command "no-such-program-xyz" was not found (searched PATH)',
    );
  });

  it('does not start a service whose dependency failed', async () => {
    const front = await httpService(demoCommand('frontend'), { depends_on: ['backend'] });
    const h = harness({ services: { backend: { command: ['./not-here.sh'] }, frontend: front.def } });
    const results = await h.sup.start('frontend', by(h));
    expect(results.map((r) => [r.service, r.ok])).toEqual([['backend', false], ['frontend', false]]);
    expect(results[0]!.error).toBeInstanceOf(CommandNotFoundError);
    expect(results[1]!.error).toBeInstanceOf(DependencyFailedError);
    expect(results[1]!.error!.message).toBe('frontend was not started because its dependency backend did not start');
  });
});
