import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { writePidFile } from '../../src/supervisor/pidfile.js';
import { paths } from '../../src/util/paths.js';
import { bootId, groupMembers, isAlive, readProcStat } from '../../src/util/proc.js';
import { demoCommand, fixtureCommand } from '../support/temp-project.js';
import { by, harness, httpService } from './helpers.js';

describe('stop', () => {
  it('SIGKILLs the group of a service that ignores SIGTERM after stop_timeout', async () => {
    const svc = await httpService(fixtureCommand('ignore-sigterm'), { stop_timeout: '500ms', health: null });
    const h = harness({ services: { stubborn: svc.def } });
    const [started] = await h.sup.start('stubborn', by(h));
    const [r] = await h.sup.stop('stubborn', by(h));
    expect(r).toMatchObject({ ok: true, action: 'stop' });
    expect(r!.ms).toBeGreaterThanOrEqual(500);
    expect(h.events).toContainEqual({ type: 'killed', service: 'stubborn', pid: started!.pid });
    expect(isAlive(started!.pid!)).toBe(false);
    expect(h.logOf('stubborn')).toContain('SIGTERM received and ignored');
    expect(h.logOf('stubborn')).toMatch(/stubborn \(pid \d+\) did not stop within 500 ms: sent SIGKILL to its process group/);
  });

  it('leaves nothing behind when the service spawned a child in its own session', async () => {
    const svc = await httpService(fixtureCommand('spawn-child'), { stop_timeout: '500ms' });
    const h = harness({ services: { parent: { ...svc.def, env: { ...svc.def.env, GRANDCHILD_PID_FILE: 'grandchild.pid' } } } });
    const [started] = await h.sup.start('parent', by(h));
    expect(started!.ok).toBe(true);
    const grandchild = Number(readFileSync(join(h.dir, 'grandchild.pid'), 'utf8'));
    h.track(grandchild);
    expect(isAlive(grandchild)).toBe(true);
    expect(readProcStat(grandchild)!.pgid).not.toBe(started!.pid);
    const [r] = await h.sup.stop('parent', by(h));
    expect(r!.ok).toBe(true);
    expect(isAlive(started!.pid!)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
    expect(groupMembers(started!.pid!)).toEqual([]);
  });
});

describe('stale pid files', () => {
  async function withUnrelatedSleep() {
    const sleep = spawn('sleep', ['30'], { stdio: 'ignore' });
    onTestFinished(() => void sleep.kill('SIGKILL'));
    await new Promise((res) => sleep.once('spawn', res));
    const svc = await httpService(demoCommand('llm'), { env: { DASHSCOPE_API_KEY: 'k-123456' } });
    const h = harness({ services: { llm: svc.def } });
    mkdirSync(paths.pidDir(h.logsDir), { recursive: true });
    const st = readProcStat(sleep.pid!)!;
    const record = { service: 'llm', pid: sleep.pid!, pgid: st.pgid, start_time: st.startTime, boot_id: bootId(), argv: svc.def.command, started_at: Date.now(), spawned_by: 1, instance: 'f'.repeat(32) };
    return { sleep, h, record };
  }

  it.each([
    ['a reused pid (start time differs)', { start_time: '12345' }, /now belongs to another process/],
    ['another program at that pid (it does not carry the mark)', {}, /pid \d+ \("sleep 30"\) does not carry this instance's ownership mark/],
    ['a pid file without an ownership mark', { instance: undefined }, /carries no ownership mark/],
    ['a record from before the last reboot', { boot_id: 'another-boot' }, /before the last reboot/],
  ])('never signals %s: reports it and removes the file', async (_name, change, reason) => {
    const { sleep, h, record } = await withUnrelatedSleep();
    writePidFile(h.logsDir, { ...record, ...change });
    expect(h.sup.runtime('llm')[0]).toMatchObject({ state: 'stale', pid: null, reason: expect.stringMatching(reason) });
    const [r] = await h.sup.stop('llm', by(h));
    expect(r).toMatchObject({ ok: true, already: true });
    expect(h.events).toContainEqual({ type: 'stale_removed', service: 'llm', pid: sleep.pid, reason: expect.stringMatching(reason) });
    expect(existsSync(paths.pidFile(h.logsDir, 'llm'))).toBe(false);
    await new Promise((res) => setTimeout(res, 100));
    expect(isAlive(sleep.pid!)).toBe(true);
    expect(sleep.exitCode).toBe(null);
    expect(h.logOf('llm')).toMatch(/removed stale pid file of llm \(pid \d+: .*\); that process was not signalled/);
  });

  it('start replaces a stale pid file without touching its pid; cleanup() removes stale files and dead locks', async () => {
    const { sleep, h, record } = await withUnrelatedSleep();
    writePidFile(h.logsDir, { ...record, start_time: '1' });
    const [r] = await h.sup.start('llm', by(h));
    expect(r).toMatchObject({ ok: true });
    expect(r!.pid).not.toBe(sleep.pid);
    expect(isAlive(sleep.pid!)).toBe(true);
    await h.sup.stop('llm', by(h));

    writePidFile(h.logsDir, { ...record, start_time: '1' });
    h.store.db.prepare(`INSERT INTO locks (name, token, holder_pid, holder_start, holder_boot, purpose, acquired_at) VALUES ('service:llm', 't', ?, '1', 'old-boot', 'restart llm', 0)`).run(sleep.pid);
    const cleaned = h.sup.cleanup();
    expect(cleaned.staleRemoved).toEqual([{ service: 'llm', pid: sleep.pid, reason: expect.stringMatching(/now belongs to another process/) }]);
    expect(cleaned.locksRemoved).toEqual(['service:llm']);
    expect(isAlive(sleep.pid!)).toBe(true);
  });

  it('treats an unreadable pid file as stale', async () => {
    const { h } = await withUnrelatedSleep();
    writeFileSync(paths.pidFile(h.logsDir, 'llm'), '{not json');
    expect(h.sup.runtime('llm')[0]).toMatchObject({ state: 'stale', reason: expect.stringMatching(/cannot be read/) });
    expect(h.sup.cleanup().staleRemoved).toMatchObject([{ service: 'llm', pid: 0 }]);
  });
});
