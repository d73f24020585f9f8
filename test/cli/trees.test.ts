/**
 * `teach run` and a master with workers killed with SIGKILL (what the OOM killer does to `uvicorn --workers 2`):
 * the service shows `orphaned` while the workers hold the port, the restart policy stops them and starts it again,
 * and `teach stop` leaves the port free. Once with a small Node master (test/fixtures/master-workers.mjs) and once
 * with the real uvicorn from Debian's python3-uvicorn.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isPortFree } from '../../src/probes/ports.js';
import { groupMembers, isAlive } from '../../src/util/proc.js';
import { fixtureCommand, freePort, makeTempProject, repoRoot } from '../support/temp-project.js';
import { runDaemon, teach } from './helpers.js';
import { until } from '../support/wait.js';

const PYTHON = '/usr/bin/python3';
const hasUvicorn = spawnSync(PYTHON, ['-c', 'import uvicorn'], { stdio: 'ignore' }).status === 0;
const uvicornSkip = hasUvicorn ? '' : ` (SKIPPED: ${PYTHON} has no uvicorn module; install python3-uvicorn, see scripts/ci-deps.sh)`;

interface Status {
  ok: boolean;
  services: { name: string; state: string; pid: number | null; reason: string | null }[];
}
const status = (p: ReturnType<typeof makeTempProject>) => JSON.parse(teach(p, ['status', 'api', '--json']).stdout) as Status;


async function killMasterUnderTeachRun(commandFor: (port: number) => string[], cwd?: string) {
  const port = await freePort();
  const command = commandFor(port);
  const p = makeTempProject({
    raw: { monitor: { interval: '1s' } },
    services: {
      api: {
        command,
        ...(cwd ? { cwd } : {}),
        env: { PORT: String(port) },
        port,
        health: { url: `http://127.0.0.1:${port}/health`, timeout: '1s' },
        start_timeout: '20s',
        stop_timeout: '3s',
        // A window of a few seconds in which `teach status` can see the orphaned workers before the restart.
        restart: { policy: 'on-failure', backoff: '6s' },
      },
    },
  });
  const daemon = runDaemon(p);
  onTestFinished(async () => {
    await daemon.stop();
    teach(p, ['stop', 'api']);
    await p.cleanup();
  });
  await daemon.waitFor(/ready: watching/);
  const first = status(p).services[0]!;
  expect(first.state, daemon.output()).toBe('running');
  const master = first.pid!;
  const workers = await until(() => {
    const w = groupMembers(master).filter((x) => x !== master);
    return w.length >= 2 ? w : undefined;
  }, 'the workers');
  for (const w of workers) p.track(w);

  process.kill(master, 'SIGKILL'); // our own service's master
  const orphaned = await until(() => {
    const s = status(p).services[0]!;
    return s.state === 'orphaned' ? s : undefined;
  }, 'status orphaned', 6_000);
  expect(orphaned.reason).toMatch(/its main process is gone .* of its processes still run: pid \d+/);
  const restarted = await until(() => {
    const s = status(p).services[0]!;
    return s.state === 'running' && s.pid !== master ? s : undefined;
  }, 'the restart by policy');
  for (const w of workers) expect(isAlive(w), `worker ${w} of the killed master`).toBe(false);
  expect(daemon.output()).toMatch(/api is now orphaned/);
  const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { pid: number };
  expect(workers).not.toContain(health.pid);
  expect(restarted.pid).not.toBe(master);

  const stop = teach(p, ['stop', 'api']);
  expect(stop.code, stop.stdout + stop.stderr).toBe(0);
  expect(isPortFree(port)).toBe(true);
  expect(groupMembers(restarted.pid!)).toEqual([]);
}

describe('teach run: a master with workers killed with SIGKILL', () => {
  it('node master-workers: orphaned, workers cleaned up, restarted by policy, port free after stop', async () => {
    await killMasterUnderTeachRun(() => fixtureCommand('master-workers'));
  }, 60_000);

  it.skipIf(!hasUvicorn)(`real uvicorn --workers 2: orphaned, workers cleaned up, restarted by policy, port free after stop${uvicornSkip}`, async () => {
    await killMasterUnderTeachRun(
      (port) => [PYTHON, '-m', 'uvicorn', 'uvicorn_app:app', '--host', '127.0.0.1', '--port', String(port), '--workers', '2'],
      join(repoRoot, 'test', 'fixtures'),
    );
  }, 60_000);
});
