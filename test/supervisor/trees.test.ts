/**
 * Whole process trees: every process of a service carries its instance's mark, and stop / start / status treat every
 * live marked process as the service's own, and nothing unmarked.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isPortFree } from '../../src/probes/ports.js';
import { writePidFile } from '../../src/supervisor/pidfile.js';
import type { PidRecord } from '../../src/supervisor/types.js';
import { paths } from '../../src/util/paths.js';
import { bootId, groupMembers, isAlive, readCmdline, readProcStat } from '../../src/util/proc.js';
import { fixtureCommand } from '../support/temp-project.js';
import { by, getJson, harness, httpService } from './helpers.js';
import { until } from '../support/wait.js';


/** The worker pids of a master-workers instance: members of its group other than the master. */
const workersOf = (master: number) => groupMembers(master).filter((p) => p !== master);

describe('a master with workers killed with SIGKILL', () => {
  async function killedMaster() {
    const svc = await httpService(fixtureCommand('master-workers'), { stop_timeout: '2s' });
    const h = harness({ services: { api: svc.def } });
    const [started] = await h.sup.start('api', by(h));
    expect(started).toMatchObject({ ok: true });
    const master = started!.pid!;
    await until(() => workersOf(master).length === 2, 'two workers');
    const workers = workersOf(master);
    for (const w of workers) h.track(w);
    process.kill(master, 'SIGKILL'); // our own service's master, as the OOM killer would
    await until(() => !isAlive(master), 'the master to die');
    return { h, svc, master, workers };
  }

  it('is orphaned while the workers hold the port; stop kills the workers and frees the port', async () => {
    const { h, svc, master, workers } = await killedMaster();
    expect(await getJson(`http://127.0.0.1:${svc.port}/health`)).toMatchObject({ role: 'worker' });
    const rt = h.sup.runtime('api')[0]!;
    expect(rt).toMatchObject({ state: 'orphaned', pid: null });
    expect(rt.orphans!.map((o) => o.pid).sort()).toEqual([...workers].sort());
    expect(rt.reason).toMatch(new RegExp(`process ${master} is (not running|a zombie).*2 of its processes still run: pid \\d+ \\(.*master-workers\\.mjs worker\\)`));

    const [stopped] = await h.sup.stop('api', by(h));
    expect(stopped).toMatchObject({ ok: true, action: 'stop' });
    expect(stopped!.already).toBeUndefined();
    for (const w of workers) expect(isAlive(w)).toBe(false);
    expect(await isPortFree(svc.port)).toBe(true);
    expect(h.events).toContainEqual({ type: 'orphans', service: 'api', pids: expect.arrayContaining(workers) });
    expect(existsSync(paths.pidFile(h.logsDir, 'api'))).toBe(false);
    expect(h.sup.runtime('api')[0]!.state).toBe('stopped');
  });

  it('a start cleans up the orphaned workers first, then starts a new instance on the freed port', async () => {
    const { h, svc, workers } = await killedMaster();
    const [started] = await h.sup.start('api', by(h));
    expect(started).toMatchObject({ ok: true });
    for (const w of workers) expect(isAlive(w)).toBe(false);
    expect(h.sup.runtime('api')[0]).toMatchObject({ state: 'running', pid: started!.pid });
    const health = await getJson(`http://127.0.0.1:${svc.port}/health`);
    expect(workers).not.toContain(health.pid);
    await h.sup.stop('api', by(h));
  });
});

describe('a grandchild that double-forks out of the group and session', () => {
  it('is gone after stop, although no parent link leads to it', async () => {
    const svc = await httpService(fixtureCommand('double-fork'), { stop_timeout: '500ms' });
    const h = harness({ services: { escapist: { ...svc.def, env: { ...svc.def.env, GRANDCHILD_PID_FILE: 'grandchild.pid' } } } });
    const [started] = await h.sup.start('escapist', by(h));
    expect(started).toMatchObject({ ok: true });
    const grandchild = Number(readFileSync(join(h.dir, 'grandchild.pid'), 'utf8'));
    h.track(grandchild);
    const st = readProcStat(grandchild)!;
    expect(st.ppid).not.toBe(started!.pid);
    expect(st.sid).not.toBe(started!.pid);
    expect(st.pgid).not.toBe(started!.pid);

    const [r] = await h.sup.stop('escapist', by(h));
    expect(r).toMatchObject({ ok: true });
    expect(isAlive(started!.pid!)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
  });
});

describe('a forged pid file', () => {
  it("naming a live unrelated process by its real pid, start time, boot id and argv never gets it signalled", async () => {
    const sleep = spawn('sleep', ['300'], { stdio: 'ignore' });
    onTestFinished(() => void sleep.kill('SIGKILL'));
    await new Promise((res) => sleep.once('spawn', res));
    const st = readProcStat(sleep.pid!)!;
    const argv = readCmdline(sleep.pid!)!;
    // The worst case: the configured command is exactly what that process runs.
    const svc = await httpService(argv, { health: null, stop_timeout: '500ms' });
    const h = harness({ services: { victim: svc.def } });
    const forged: PidRecord = {
      service: 'victim',
      pid: sleep.pid!,
      pgid: st.pgid,
      start_time: st.startTime,
      boot_id: bootId(),
      argv,
      command: argv,
      instance: '0123456789abcdef0123456789abcdef',
      started_at: Date.now(),
      spawned_by: process.pid,
    };
    writePidFile(h.logsDir, forged);
    expect(h.sup.runtime('victim')[0]).toMatchObject({ state: 'stale', reason: expect.stringMatching(/does not carry this instance's ownership mark/) });
    expect(await h.sup.stop('victim', by(h))).toMatchObject([{ ok: true, already: true }]);
    writePidFile(h.logsDir, forged);
    const [restarted] = await h.sup.restart('victim', by(h));
    expect(restarted).toMatchObject({ ok: true });
    await h.sup.stop('victim', by(h));
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(sleep.pid!)).toBe(true);
    expect(sleep.exitCode).toBe(null);
    expect(sleep.signalCode).toBe(null);
  });
});
