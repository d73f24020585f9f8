/**
 * The Block Kit builders are pure: given any data (many services, long names, huge log lines, zh-CN) they stay
 * inside Slack's limits and always carry a plain-text fallback. Asserted on what a reader would see, not snapshots.
 */
import { describe, expect, it } from 'vitest';
import { checkBlockKitLimits } from '../support/slack-standin/index.js';
import { translator } from '../../src/i18n/index.js';
import type { ServiceStatus, StatusReport } from '../../src/ops/status.js';
import { statusMessage } from '../../src/slack/views/status.js';
import { logsMessage } from '../../src/slack/views/logs.js';
import { progressMessage, resultMessage } from '../../src/slack/views/lifecycle.js';
import { confirmMessage } from '../../src/slack/views/confirm.js';
import { helpMessage } from '../../src/slack/views/help.js';
import { alreadyUsedMessage, errorMessage } from '../../src/slack/views/notice.js';
import type { SlackMessage } from '../../src/slack/views/blocks.js';
import { StartTimeoutError } from '../../src/supervisor/errors.js';

const en = translator('en');
const zh = translator('zh-CN');
const long = (n: number, c = 'x') => c.repeat(n);

function svc(name: string, over: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    name, title: name, state: 'running', desired: 'running', pid: 1234, started_at: 0, uptime_ms: 65_000, port: 8001, connections: 2,
    cpu_percent: 1.5, memory_rss_bytes: 50 * 1024 * 1024, memory_percent: 0.7, health: { ok: true, status: 200, latency_ms: 3, error: null },
    restarts: 0, last_exit_code: null, reason: null, overrides: null, fallback: false, orphans: null, ...over,
  };
}

function report(services: ServiceStatus[]): StatusReport {
  return {
    name: 'Smart Teaching Assistant', generated_at: Date.UTC(2026, 0, 5, 9, 30), services, ok: false, down: [], unhealthy: [], readings_age_ms: null,
    system: { cpu_percent: 12.5, memory_percent: 40, memory_used_bytes: 4e9, memory_total_bytes: 8e9, load_average: [0.1, 0.2, 0.3], disks: [{ mount: '/', percent: 50, used_bytes: 1, total_bytes: 2 }] },
  };
}

function expectValid(m: SlackMessage): void {
  expect(m.text.length).toBeGreaterThan(0);
  expect(checkBlockKitLimits(m)).toEqual([]);
}

describe('Slack views', () => {
  it('status: an emoji, state and restart button per down service, Refresh, and the host line', () => {
    const m = statusMessage(
      { report: report([svc('backend'), svc('llm', { state: 'crashed', pid: null, reason: 'exited with code 1' })]), restartValues: { llm: '{"tok":"x"}' }, refreshValue: '{"svc":null}' },
      en,
    );
    expectValid(m);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain(':large_green_circle: *backend*');
    expect(json).toContain(':red_circle: *llm*');
    expect(json).toContain('Restart llm');
    expect(json).toContain('Host: CPU 12.5%');
    expect(m.text).toContain('down: llm');
  });

  it('status says how old the readings are when they come from the monitor\'s last round, in both locales', () => {
    const measured = JSON.stringify(statusMessage({ report: report([svc('backend')]), restartValues: {}, refreshValue: '{}' }, en).blocks);
    expect(measured).not.toContain('as measured by the monitor');
    const reused = { ...report([svc('backend')]), readings_age_ms: 640 };
    const m = statusMessage({ report: reused, restartValues: {}, refreshValue: '{}' }, en);
    expectValid(m);
    expect(JSON.stringify(m.blocks)).toContain('CPU, memory and health as measured by the monitor 0.6 s ago');
    expect(JSON.stringify(statusMessage({ report: reused, restartValues: {}, refreshValue: '{}' }, zh).blocks)).toContain('监控 0.6 秒前的读数');
  });

  it('status stays within 50 blocks and every limit with 60 services and very long titles and reasons', () => {
    const services = Array.from({ length: 60 }, (_, i) => svc(`svc-${i}`, { title: long(500, 't'), state: 'crashed', reason: long(5000, 'r'), health: { ok: false, status: null, latency_ms: 1, error: long(3000, 'e') } }));
    const restartValues = Object.fromEntries(services.map((s) => [s.name, '{}']));
    expectValid(statusMessage({ report: report(services), restartValues, refreshValue: '{}' }, en));
  });

  it('logs keep the last lines of a huge log in one code block', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${long(400)}`);
    const m = logsMessage({ service: 'llm', file: '/x/llm.log', lines, summary: { scanned: 100, errors: 1, exceptions: 0, exception_types: {}, tracebacks: 0, warnings: 0, failed_requests: 0, health_checks: 0, latest: [long(5000, 'E')] } }, en);
    expectValid(m);
    expect(JSON.stringify(m.blocks)).toContain('line 99 ');
    expect(JSON.stringify(m.blocks)).toContain('Earlier lines were cut');
  });

  it('progress and result: "Restarting llm... (requested by @user)" then the failure with reason, fix and last log lines', () => {
    expect(progressMessage({ action: 'restart', target: 'llm', user: 'U1' }, en).text).toBe('Restarting llm... (requested by <@U1>)');
    const error = new StartTimeoutError('llm', 10_000, 'connection refused', '10 s');
    const results = ['backend', 'llm', 'frontend'].map((service) => ({ service, action: 'restart' as const, ok: false, ms: 10_000, error, logTail: Array.from({ length: 100 }, () => long(300)) }));
    const m = resultMessage({ action: 'restart', target: 'all', user: 'U1', results, ms: 12_000 }, en);
    expectValid(m);
    expect(m.text.split('\n')[1]).toBe(`llm failed to start: ${error.message}`);
    expect(JSON.stringify(m.blocks)).toContain('Last 100 log lines (redacted)');
    const ok = resultMessage({ action: 'restart', target: 'llm', user: 'U1', results: [{ service: 'llm', action: 'restart', ok: true, pid: 42, ms: 2100 }], ms: 2200 }, en);
    expect(ok.text).toBe('llm restarted, healthy in 2.1 s (pid 42)');
  });

  it('confirmation: a danger button with a confirm dialog inside the dialog limits, and Cancel', () => {
    const m = confirmMessage({ action: 'stop', target: 'all', value: '{}' }, en);
    expectValid(m);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('"confirm":{"title":{"type":"plain_text","text":"Are you sure?"');
    expect(json).toContain('teach.lifecycle.cancel');
    expectValid(confirmMessage({ action: 'stop', target: long(200, 's'), value: '{}' }, zh));
  });

  it('speaks zh-CN when configured', () => {
    const help = helpMessage({ commands: [{ usage: 'status [服务]', summary: '状态' }], unknown: 'restrat', suggestion: 'restart' }, zh);
    expectValid(help);
    expect(help.text).toContain('你是想用 `restart` 吗？');
    const used = alreadyUsedMessage({ by: 'U1', at: Date.UTC(2026, 0, 5, 9, 30), result: 'done', runtimes: [{ name: 'llm', state: 'running', desired: 'running', pid: 7, pgid: 7, started_at: 0, port: 1 }] }, zh);
    expect(used.text).toBe('已由 <@U1> 于 09:30 UTC 执行；不会重复执行。 当前状态：llm: 运行中 (pid 7)。');
    expectValid(errorMessage({ message: long(5000), hint: long(5000) }, zh));
  });
});
