import { rmSync, writeFileSync } from 'node:fs';
import si from 'systeminformation';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';
import { Hysteresis, FailureCount } from '../../src/monitor/hysteresis.js';
import { decideRestart } from '../../src/monitor/policy.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('hysteresis', () => {
  it('fires after n samples over, clears after n under, ignores single spikes both ways', () => {
    const x = new Hysteresis(3);
    expect([true, true, false, true, true].map((v) => x.update(v))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(x.update(true)).toBe('fire');
    expect([false, false, true, false, false].map((v) => x.update(v))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(x.update(false)).toBe('clear');
  });

  it('health: fires at the n-th failure in a row, clears at the first success', () => {
    const c = new FailureCount(3);
    expect([false, false, true, false, false].map((ok) => c.update(ok))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(c.update(false)).toBe('fire');
    expect(c.update(false)).toBe(undefined);
    expect(c.update(true)).toBe('clear');
  });
});

describe('restart policy decision', () => {
  const restart = { policy: 'on-failure' as const, max_restarts: 3, window: 600_000, backoff: 1000, backoff_max: 5000 };
  it('backs off exponentially up to backoff_max and gives up past max_restarts within the window', () => {
    const now = 1_000_000;
    expect(decideRestart(restart, { code: 1, signal: null }, [], now)).toEqual({ action: 'restart', delayMs: 1000, n: 1, max: 3 });
    expect(decideRestart(restart, undefined, [now - 10], now)).toMatchObject({ delayMs: 2000, n: 2 });
    expect(decideRestart(restart, undefined, [now - 20, now - 10], now)).toMatchObject({ delayMs: 4000, n: 3 });
    expect(decideRestart(restart, undefined, [now - 30, now - 20, now - 10], now)).toEqual({ action: 'give_up', n: 3 });
    // restarts older than the window no longer count: the service stayed up that long
    expect(decideRestart(restart, undefined, [now - 700_000, now - 650_000, now - 10], now)).toMatchObject({ action: 'restart', delayMs: 2000 });
    expect(decideRestart({ ...restart, backoff_max: 3000 }, undefined, [now - 20, now - 10], now)).toMatchObject({ delayMs: 3000 });
  });
  it('on-failure leaves a clean exit alone; always restarts it; never restarts nothing', () => {
    expect(decideRestart(restart, { code: 0, signal: null }, [], 0)).toEqual({ action: 'none', reason: 'clean_exit' });
    expect(decideRestart({ ...restart, policy: 'always' }, { code: 0, signal: null }, [], 0)).toMatchObject({ action: 'restart' });
    expect(decideRestart({ ...restart, policy: 'never' }, { code: 1, signal: null }, [], 0)).toEqual({ action: 'none', reason: 'policy' });
  });
});

describe('rules on a running monitor', () => {
  it('health failures below monitor.health_failures never alert; at it they do; the first success resolves', async () => {
    h = await harness();
    await h.supervisor.start('web', { by: 'cli:test' });
    h.monitor.start();
    await h.settle();
    writeFileSync(h.failFile, 'x');
    await h.intervals(2); // 2 failures in a row, threshold 3
    rmSync(h.failFile);
    await h.intervals(1); // success resets the count
    writeFileSync(h.failFile, 'x');
    await h.intervals(2);
    expect(h.store.alerts.recent(5)).toEqual([]);
    await h.intervals(1); // third in a row
    const alert = h.store.alerts.activeByKey('health:web');
    expect(alert).toMatchObject({ kind: 'health', service: 'web', value: 3, threshold: 3, detail: 'expected a 2xx status, got 503' });
    await h.intervals(2); // still failing: the same alert, no second one
    expect(h.store.alerts.recent(5)).toHaveLength(1);
    expect(h.store.alerts.get(alert!.id)!.value).toBe(5);
    rmSync(h.failFile);
    await h.intervals(1);
    expect(h.store.alerts.get(alert!.id)).toMatchObject({ state: 'resolved', resolution: 'recovered' });
    expect(h.lines.some((l) => l.includes(`[alert #${alert!.id}] Firing: web fails its health check`))).toBe(true);
  });

  it('cpu / memory / disk fire after `for` samples over and clear after as many under', async () => {
    h = await harness();
    h.monitor.start(); // no services running: host rules only
    await h.settle();
    h.metrics.cpu = 95;
    h.metrics.disks = { '/': 50, '/data': 97 };
    await h.intervals(2);
    expect(h.store.alerts.active()).toEqual([]);
    await h.intervals(1); // 3rd sample over: fires
    expect(h.store.alerts.active().map((a) => a.key).sort()).toEqual(['cpu', 'disk:/data']);
    const cpu = h.store.alerts.activeByKey('cpu')!;
    expect(cpu).toMatchObject({ value: 95, threshold: 80 });
    h.metrics.cpu = 10;
    await h.intervals(2);
    h.metrics.cpu = 99; // one spike does not restart the count toward firing again, nor resolve
    await h.intervals(1);
    h.metrics.cpu = 10;
    await h.intervals(2);
    expect(h.store.alerts.get(cpu.id)!.state).toBe('firing');
    await h.intervals(1);
    expect(h.store.alerts.get(cpu.id)).toMatchObject({ state: 'resolved', resolution: 'recovered' });
    expect(h.store.alerts.activeByKey('disk:/data')).toBeDefined();
    h.metrics.memory = 90;
    await h.intervals(3);
    expect(h.store.alerts.activeByKey('memory')).toMatchObject({ value: 90, threshold: 80 });
    expect(h.store.alerts.recent(10)).toHaveLength(3);
  });

  it('per-service limits: service_cpu and service_memory', async () => {
    h = await harness({
      serviceExtra: '    restart: { policy: never }\n    limits: { cpu_percent: 50, memory_mb: 100 }',
      monitor: '  interval: 5s\n  for: 2',
    });
    await h.supervisor.start('web', { by: 'cli:test' });
    h.monitor.start();
    await h.settle();
    h.metrics.serviceCpu = 120;
    h.metrics.serviceRssMb = 300;
    await h.intervals(2);
    expect(h.store.alerts.active().map((a) => a.key).sort()).toEqual(['service_cpu:web', 'service_memory:web']);
    expect(h.store.alerts.activeByKey('service_memory:web')).toMatchObject({ value: 300, threshold: 100 });
  });

  it('real host values (cross-checked with systeminformation) fire with thresholds low enough', async () => {
    h = await harness({ realMetrics: true, monitor: '  interval: 5s\n  for: 1\n  thresholds: { cpu_percent: 100, memory_percent: 1, disk_percent: 1 }\n  disks: ["/"]' });
    h.monitor.start();
    await h.settle();
    const memory = h.store.alerts.activeByKey('memory');
    const disk = h.store.alerts.activeByKey('disk:/');
    expect(memory).toMatchObject({ threshold: 1, state: 'firing' });
    expect(disk).toMatchObject({ threshold: 1, state: 'firing' });
    const [mem, fs] = await Promise.all([si.mem(), si.fsSize()]);
    expect(Math.abs(memory!.value! - ((mem.total - mem.available) / mem.total) * 100)).toBeLessThan(10);
    const root = fs.find((f) => f.mount === '/');
    if (root) expect(Math.abs(disk!.value! - root.use)).toBeLessThan(5);
    expect(h.store.alerts.activeByKey('cpu')).toBeUndefined();
  });

  it('keeps an hour of samples and stores the system CPU times for `teach status`', async () => {
    h = await harness();
    await h.supervisor.start('web', { by: 'cli:test' });
    h.monitor.start();
    await h.settle();
    await h.intervals(3);
    const host = h.store.samples.since('host', 0);
    expect(host.length).toBeGreaterThanOrEqual(4);
    expect(h.store.samples.latest('web')!.data).toMatchObject({ state: 'running', health_ok: true });
    expect(h.store.kv.get('system.cpu_times')!.value).toEqual({ busy: 100, total: 1000 });
    await h.intervals(12 * 60 + 1); // an hour and then some
    expect(h.store.samples.since('host', 0).length).toBeLessThanOrEqual(12 * 60 + 1);
  }, 120_000);
});
