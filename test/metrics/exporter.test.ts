/**
 * The exporter: served from the monitor's last round, names that pass `promtool check metrics`, the host label on
 * every series, a CPU counter that survives a worker exiting, health checks counted, and a failing source left out
 * of a scrape instead of failing it.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createExporter, type ExporterSources } from '../../src/metrics/exporter.js';
import type { MonitorSample, ServiceSample } from '../../src/monitor/sample.js';
import type { SystemSample } from '../../src/probes/system.js';
import { findEngine, skipNote } from '../support/engines.js';
import { familiesOf, parseExposition, valueOf } from './exposition.js';

const promtool = findEngine('promtool');

const sources = (over: Partial<ExporterSources> = {}): ExporterSources => ({
  alertsActive: () => [{ kind: 'service_down', state: 'firing', count: 1 }],
  deliveryPending: () => 2,
  incidentsOpen: () => 1,
  restarts: () => [{ service: 'api', reason: 'crash', count: 3 }],
  ...over,
});

function exporter(over: Partial<ExporterSources> = {}, onSourceError?: (s: string, e: unknown) => void) {
  return createExporter({ host: 'lab-1', version: '9.9.9', services: ['api', 'worker'], healthChecked: ['api'], sources: sources(over), ...(onSourceError ? { onSourceError } : {}) });
}

const system: SystemSample = {
  at: 0, cpuPercent: 42, cpuCount: 2,
  memory: { totalBytes: 8e9, availableBytes: 6e9, usedBytes: 2e9, percent: 25 },
  disks: [{ mount: '/', totalBytes: 1e11, usedBytes: 4e10, availableBytes: 6e10, percent: 40 }],
  diskErrors: [], loadAverage: [0, 0, 0], uptimeSeconds: 1, cpuTimes: { busy: 1, total: 2 },
};

function sample(at: number, api: Partial<ServiceSample>, worker: Partial<ServiceSample> = {}): MonitorSample {
  return {
    at,
    services: [
      { name: 'api', state: 'running', desiredRunning: true, pid: 100, ...api },
      { name: 'worker', state: 'stopped', desiredRunning: false, pid: null, ...worker },
    ],
    system,
  };
}

const usage = (pids: number[], cpuMs: number[]) => ({ cpu: 5, rssBytes: 50e6, memPercent: 1, pids, cpuMs });

describe('the /metrics exporter', () => {
  it('before the first round: no service readings (nothing to claim yet), counters at zero, process metrics', async () => {
    const lines = parseExposition(await exporter().render());
    expect(valueOf(lines, 'teachops_service_up', { service: 'api' })).toBeUndefined();
    expect(valueOf(lines, 'teachops_build_info', { version: '9.9.9' })).toBe(1);
    expect(valueOf(lines, 'teachops_health_check_failures_total', { service: 'api' })).toBe(0);
    expect(valueOf(lines, 'teachops_health_check_failures_total', { service: 'worker' })).toBeUndefined();
    expect(valueOf(lines, 'teachops_service_cpu_seconds_total', { service: 'worker' })).toBe(0);
    expect(valueOf(lines, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(lines.filter((l) => l.labels.host !== 'lab-1')).toEqual([]);
    // The gauge that waits for a setImmediate inside every scrape is left out; the perf_hooks percentiles stay.
    expect(lines.some((l) => l.name === 'nodejs_eventloop_lag_seconds')).toBe(false);
    expect(valueOf(lines, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('serves the last round, every series with the host label', async () => {
    const e = exporter();
    e.publish(sample(1_700_000_000_000, { usage: usage([100], [2500]), health: { ok: true, status: 200, latencyMs: 12 } }));
    const lines = parseExposition(await e.render());
    const v = (name: string, labels: Record<string, string> = {}) => valueOf(lines, name, labels);
    expect(v('teachops_monitor_last_sample_timestamp_seconds')).toBe(1_700_000_000);
    expect([v('teachops_service_up', { service: 'api' }), v('teachops_service_desired_running', { service: 'api' }), v('teachops_service_healthy', { service: 'api' })]).toEqual([1, 1, 1]);
    // an operator stopped the worker: not up, not desired, no memory, no health reading
    expect([v('teachops_service_up', { service: 'worker' }), v('teachops_service_desired_running', { service: 'worker' })]).toEqual([0, 0]);
    expect(v('teachops_service_memory_rss_bytes', { service: 'worker' })).toBe(0);
    expect(v('teachops_service_healthy', { service: 'worker' })).toBeUndefined();
    expect(v('teachops_service_memory_rss_bytes', { service: 'api' })).toBe(50e6);
    expect(v('teachops_service_cpu_seconds_total', { service: 'api' })).toBe(2.5);
    expect(v('teachops_health_check_duration_seconds_count', { service: 'api' })).toBe(1);
    expect(v('teachops_health_check_duration_seconds_bucket', { service: 'api', le: '0.025' })).toBe(1);
    expect(v('teachops_health_check_duration_seconds_bucket', { service: 'api', le: '0.01' })).toBe(0);
    expect(v('teachops_service_restarts_total', { service: 'api', reason: 'crash' })).toBe(3);
    expect(v('teachops_alerts_active', { kind: 'service_down', state: 'firing' })).toBe(1);
    expect([v('teachops_slack_delivery_pending'), v('teachops_incidents_open')]).toEqual([2, 1]);
    expect([v('teachops_host_cpu_ratio'), v('teachops_host_memory_used_bytes'), v('teachops_host_memory_total_bytes')]).toEqual([0.42, 2e9, 8e9]);
    expect([v('teachops_host_disk_used_ratio', { mount: '/' }), v('teachops_host_disk_used_bytes', { mount: '/' }), v('teachops_host_disk_available_bytes', { mount: '/' })]).toEqual([0.4, 4e10, 6e10]);
    expect(lines.filter((l) => l.labels.host !== 'lab-1')).toEqual([]);
  });

  it.skipIf(!promtool)(`its teachops_* names pass promtool check metrics${skipNote({ promtool })}`, async () => {
    const e = exporter();
    e.publish(sample(1, { usage: usage([100], [10]), health: { ok: false, latencyMs: 2000, error: 'timed out' } }));
    const r = await execa(promtool!, ['check', 'metrics'], { input: familiesOf(await e.render(), 'teachops_'), reject: false, all: true });
    expect(r.all).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('CPU seconds only go up: a worker that exits keeps what it used, a reused pid counts from zero', async () => {
    const e = exporter();
    const cpu = async () => valueOf(parseExposition(await e.render()), 'teachops_service_cpu_seconds_total', { service: 'api' });
    e.publish(sample(1, { usage: usage([100, 101], [1000, 2000]) }));
    expect(await cpu()).toBe(3);
    e.publish(sample(2, { usage: usage([100], [1500]) })); // worker 101 exited
    expect(await cpu()).toBe(3.5);
    e.publish(sample(3, { usage: usage([100, 101], [1600, 300]) })); // 101 again, a new process: 300 ms so far
    expect(await cpu()).toBe(3.9);
    e.publish(sample(4, { state: 'crashed', pid: null })); // down: the counter stays
    expect(await cpu()).toBe(3.9);
  });

  it('counts each health check and each failure; a failed check reads as unhealthy', async () => {
    const e = exporter();
    e.publish(sample(1, { health: { ok: true, latencyMs: 3 } }));
    e.publish(sample(2, { health: { ok: false, latencyMs: 1000, error: 'expected 200, got 503', status: 503 } }));
    e.publish(sample(3, {})); // no check this round (someone is restarting it): nothing counted
    const lines = parseExposition(await e.render());
    expect(valueOf(lines, 'teachops_health_check_duration_seconds_count', { service: 'api' })).toBe(2);
    expect(valueOf(lines, 'teachops_health_check_duration_seconds_sum', { service: 'api' })).toBeCloseTo(1.003);
    expect(valueOf(lines, 'teachops_health_check_failures_total', { service: 'api' })).toBe(1);
    expect(valueOf(lines, 'teachops_service_healthy', { service: 'api' })).toBeUndefined();
    e.publish(sample(4, { health: { ok: false, latencyMs: 5 } }));
    expect(valueOf(parseExposition(await e.render()), 'teachops_service_healthy', { service: 'api' })).toBe(0);
  });

  it('a source that throws (a locked database) is left out of that scrape and reported; the rest is served', async () => {
    const failed: string[] = [];
    const e = exporter({ alertsActive: () => { throw new Error('database is locked'); } }, (s, err) => failed.push(`${s}: ${(err as Error).message}`));
    e.publish(sample(1, {}));
    const lines = parseExposition(await e.render());
    expect(lines.filter((l) => l.name === 'teachops_alerts_active')).toEqual([]);
    expect(valueOf(lines, 'teachops_service_up', { service: 'api' })).toBe(1);
    expect(failed).toEqual(['alerts: database is locked']);
  });
});
