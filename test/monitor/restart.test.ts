import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, until, type Harness } from './harness.js';
import { paths } from '../../src/util/paths.js';
import { openStore } from '../../src/store/index.js';
import { createSupervisor } from '../../src/supervisor/index.js';
import { runLifecycle } from '../../src/ops/lifecycle.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const active = (h: Harness, key: string) => h.store.alerts.activeByKey(key);

describe('service down and the restart policy (console notifier)', () => {
  it('kill -9 of a spawned service: alert at once, restarted after the backoff, resolved', async () => {
    h = await harness();
    const [started] = await h.supervisor.start('web', { by: 'cli:test' });
    expect(started?.ok).toBe(true);
    h.monitor.start();
    await h.settle();
    expect(h.store.alerts.active()).toEqual([]);

    process.kill(started!.pid!, 'SIGKILL');
    const alert = await until(() => active(h!, 'service_down:web'), 'the service_down alert');
    expect(alert.detail).toBe('killed by SIGKILL');
    await h.settle();
    expect(h.lines.some((l) => l.includes(`[alert #${alert.id}] Firing: web is down`))).toBe(true);
    expect(h.lines.some((l) => l.includes('Automatic restart 1 of 3 in 1.0 s'))).toBe(true);

    h.clock.advance(1000);
    await h.settle();
    const after = h.store.alerts.get(alert.id)!;
    expect(after.state).toBe('resolved');
    expect(after.resolution).toBe('restarted');
    const rt = h.supervisor.runtime('web')[0]!;
    expect(rt.state).toBe('running');
    expect(rt.pid).not.toBe(started!.pid);
    expect(h.store.stats.get('web').restarts).toBe(1);
    // audited as teachops, desired state untouched
    expect(h.store.audit.recent(5).some((a) => a.actor === 'teachops' && a.action === 'restart' && a.outcome === 'ok')).toBe(true);
    expect(h.store.desired.get('web')).toBe('running');
    const log = readFileSync(paths.monitorLog(h.config.logs_dir), 'utf8');
    expect(log).toContain(`[alert #${alert.id}] Firing: web is down`);
    expect(log).toContain(`[alert #${alert.id}] Restart 1 of 3: web healthy again in`);
    expect(log).toMatch(new RegExp(`\\[alert #${alert.id}\\] Resolved: web was down for .*: restarted automatically \\(pid ${rt.pid}\\)`));
    // one alert only, nothing else firing
    expect(h.store.alerts.recent(10)).toHaveLength(1);
  });

  it('a stop from another process (the CLI) while the bot runs raises no alert', async () => {
    h = await harness();
    await h.supervisor.start('web', { by: 'cli:test' });
    h.monitor.start();
    await h.settle();
    // The CLI is another process with its own store handle and supervisor.
    const cliStore = openStore(h.config.logs_dir);
    const cli = createSupervisor({ config: h.config, store: cliStore });
    const [stopped] = await cli.stop('web', { by: 'cli:alice' });
    cliStore.close();
    expect(stopped?.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 100)); // the exit event of our child arrives meanwhile
    await h.intervals(2);
    expect(h.store.alerts.recent(10)).toEqual([]);
    expect(h.supervisor.runtime('web')[0]!.state).toBe('stopped');
  });

  it('a restart from another process while the bot runs raises no alert', async () => {
    h = await harness();
    await h.supervisor.start('web', { by: 'cli:test' });
    h.monitor.start();
    await h.settle();
    const cliStore = openStore(h.config.logs_dir);
    const cli = createSupervisor({ config: h.config, store: cliStore });
    const [restarted] = await cli.restart('web', { by: 'cli:alice' });
    cliStore.close();
    expect(restarted?.ok).toBe(true);
    await h.intervals(2);
    expect(h.store.alerts.recent(10)).toEqual([]);
  });

  it('crash loop: gives up after max_restarts, fatal, the service alert escalates (no second alert), until an operator starts it', async () => {
    h = await harness({ serviceExtra: '    restart: { policy: on-failure, max_restarts: 2, window: 10m, backoff: 1s, backoff_max: 2s }' });
    const [started] = await h.supervisor.start('web', { by: 'cli:test' });
    h.monitor.start();
    await h.settle();
    writeFileSync(h.crashFile, 'x'); // every start from now on exits at once
    process.kill(started!.pid!, 'SIGKILL');
    const down = await until(() => active(h!, 'service_down:web'), 'service_down');
    await h.settle();
    h.clock.advance(1000); // restart 1 (fails: exits during start)
    await h.settle();
    h.clock.advance(2000); // restart 2, backoff doubled (capped at 2 s)
    await h.settle();
    expect(h.store.stats.get('web').restarts).toBe(2);
    // One alert per fault: the service alert is now the crash loop, with the cause it knows.
    expect(active(h, 'crash_loop:web')).toBeUndefined();
    expect(h.store.alerts.recent(10)).toHaveLength(1);
    const loop = h.store.alerts.get(down.id)!;
    expect(loop).toMatchObject({ state: 'firing', escalation: 'crash_loop', cause: { exit: { code: null, signal: 'SIGKILL' }, restarts: { n: 2, max: 2, window_ms: 600_000 } } });
    expect(loop.cause.error).toMatch(/^web exited during start \(exit code 3\) after/);
    await until(() => h!.store.alerts.get(down.id)!.cause.log, 'the last error line of the log as the cause');
    expect(h.store.alerts.get(down.id)!.cause.log).toBe('ERROR: cannot start: simulated failure');
    expect(h.store.stats.get('web').fatal).toBe(true);
    const notes = h.store.alerts.events(down.id).map((e) => e.type);
    expect(notes).toEqual(['fired', 'restarts_scheduled', 'restarts_retry', 'restarts_failed', 'gave_up']);
    expect(h.lines.some((l) => l.includes(`[alert #${down.id}] web keeps crashing: automatic restarts stopped: 2 restarts within 10m 0s`))).toBe(true);
    // no more restarts, however long we wait
    await h.intervals(3);
    h.clock.advance(60_000);
    await h.settle();
    expect(h.store.stats.get('web').restarts).toBe(2);

    // An operator starts it again once the cause is fixed: fatal cleared, the alert resolved.
    rmSync(h.crashFile);
    const [again] = await runLifecycle(h.ops, { source: 'cli', id: 'alice' }, { action: 'start', target: 'web' });
    expect(again?.ok).toBe(true);
    expect(h.store.stats.get('web').fatal).toBe(false);
    await h.intervals(1);
    expect(h.store.alerts.get(down.id)!.resolution).toBe('running');
    expect(h.store.alerts.active()).toEqual([]);
  });

  it('policy never: alerts, never restarts', async () => {
    h = await harness({ serviceExtra: '    restart: { policy: never }' });
    const [started] = await h.supervisor.start('web', { by: 'cli:test' });
    h.monitor.start();
    await h.settle();
    process.kill(started!.pid!, 'SIGKILL');
    const down = await until(() => active(h!, 'service_down:web'), 'service_down');
    await h.settle();
    h.clock.advance(60_000);
    await h.intervals(2);
    expect(h.supervisor.runtime('web')[0]!.state).toBe('crashed');
    expect(h.store.alerts.events(down.id).map((e) => e.type)).toEqual(['fired', 'no_restart']);
    expect(h.lines.some((l) => l.includes('web is not restarted automatically (restart policy: never)'))).toBe(true);
  });
});
