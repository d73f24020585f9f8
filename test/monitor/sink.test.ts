/**
 * The monitor publishes each round's readings through the sink it was given (what /metrics serves): real services,
 * real health checks, the desired state from the store, and nothing but facts from that round.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorSample } from '../../src/monitor/sample.js';
import { runLifecycle } from '../../src/ops/lifecycle.js';
import { harness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('monitor sample sink', () => {
  it('gets every round: state, desired state, usage with per-pid CPU time, health and the host reading', async () => {
    const samples: MonitorSample[] = [];
    h = await harness({ services: ['web', 'api'], realMetrics: true, sink: { publish: (s) => samples.push(s) } });
    await h.supervisor.start('all', { by: 'cli:test' });
    // The daemon's monitor samples once when it starts (before the services ran); count from here.
    samples.length = 0;
    await h.monitor.tick();
    expect(samples).toHaveLength(1);
    const [web, api] = samples[0]!.services;
    expect(web).toMatchObject({ name: 'web', state: 'running', desiredRunning: true, health: { ok: true } });
    expect(web!.usage!.pids).toContain(web!.pid);
    expect(web!.usage!.cpuMs).toHaveLength(web!.usage!.pids.length);
    expect(api).toMatchObject({ name: 'api', state: 'running', desiredRunning: true });
    expect(samples[0]!.system!.disks.map((d) => d.mount)).toEqual(['/']);

    // An operator stops api: the next round says stopped and not desired, with no readings.
    await runLifecycle(h.ops, { source: 'cli', id: 'alice' }, { action: 'stop', target: 'api' });
    await h.monitor.tick();
    const after = samples[1]!.services.find((s) => s.name === 'api')!;
    expect(after).toMatchObject({ state: 'stopped', desiredRunning: false, pid: null });
    expect(after.usage).toBeUndefined();
    expect(after.health).toBeUndefined();
  });
});
