import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../src/slack/views/alert.js';
import { alertListMessage } from '../../src/slack/views/alert-list.js';
import { noteMessage, renotifyMessage, snapshotMessage } from '../../src/slack/views/alert-thread.js';
import { consoleLines } from '../../src/app/notifiers/console.js';
import { checkBlockKitLimits } from '../support/slack-standin/index.js';
import type { AlertKind, AlertRow } from '../../src/store/alerts.js';
import type { Config } from '../../src/config/types.js';
import type { OutboxRow } from '../../src/notify/types.js';
import { fakeSnapshot } from './harness.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const restart = { policy: 'on-failure' as const, max_restarts: 5, window: 600_000, backoff: 1000, backoff_max: 30_000 };
const config = (locale: 'en' | 'zh-CN') =>
  ({ locale, services: { llm: { restart } }, alerts: { channel: 'C1', repeat_after: 900_000, escalate_to: ['<!subteam^S1>'] } }) as unknown as Config;

function alert(kind: AlertKind, over: Partial<AlertRow> = {}): AlertRow {
  const service = ['cpu', 'memory', 'disk'].includes(kind) ? null : 'llm';
  return {
    id: 7, key: service ? `${kind}:${service}` : kind === 'disk' ? 'disk:/' : kind, kind, service, subject: kind === 'disk' ? '/' : null,
    state: 'firing', started_at: T0, fired_at: T0, fire_count: 1, updated_at: T0, value: kind === 'service_down' ? null : 93.5, threshold: kind === 'service_down' ? null : 80,
    detail: kind === 'service_down' ? 'killed by SIGKILL' : kind === 'health' ? 'connect ECONNREFUSED <127.0.0.1>' : null,
    acked_by: null, acked_at: null, resolved_at: null, resolution: null, resolution_note: null, silence: null, silenced_until: null,
    silenced_by: null, last_notified_at: T0, slack_channel: null, slack_ts: null, ...over,
  };
}

const KINDS: AlertKind[] = ['service_down', 'health', 'cpu', 'memory', 'disk', 'service_cpu', 'service_memory', 'crash_loop'];

describe('alert views', () => {
  it('every kind, state and locale stays within Block Kit limits', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const kind of KINDS) {
        for (const over of [{}, { state: 'acknowledged' as const, acked_by: 'slack:U1', acked_at: T0 + 60_000 }, { state: 'resolved' as const, resolved_at: T0 + 252_000, resolution: 'restarted' as const, resolution_note: 'pid 42' }, { silence: 'resolved' as const, silenced_by: 'cli:alice' }, { fire_count: 12, fired_at: T0 + 240_000 }]) {
          const m = alertMessage(alert(kind, { ...over, detail: 'x'.repeat(5000) }), config(locale), 'host-1');
          expect(checkBlockKitLimits(m)).toEqual([]);
          expect(m.text.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('the firing service alert, as Slack shows it', () => {
    expect(alertMessage(alert('service_down'), config('en'), 'host-1')).toMatchSnapshot();
  });

  it('acknowledged and resolved states say who, when and how long; a resolved alert has no buttons', () => {
    const acked = JSON.stringify(alertMessage(alert('health', { state: 'acknowledged', acked_by: 'slack:U1', acked_at: T0 + 60_000 }), config('en'), 'h').blocks);
    expect(acked).toContain('acknowledged by <@U1> at <!date^');
    expect(acked).toContain('connect ECONNREFUSED &lt;127.0.0.1&gt;');
    const resolved = alertMessage(alert('service_down', { state: 'resolved', resolved_at: T0 + 252_000, resolution: 'restarted', resolution_note: 'pid 42' }), config('en'), 'h');
    expect(JSON.stringify(resolved.blocks)).toContain('after 4m 12s: restarted automatically (pid 42)');
    expect(resolved.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(resolved.text).toContain('Resolved');
  });

  it('a re-opened alert says it fires again, how often since when; its resolution measures the last firing', () => {
    const again = alertMessage(alert('service_down', { fire_count: 3, fired_at: T0 + 240_000 }), config('en'), 'h');
    expect(again.text).toMatch(/^Firing again: llm is down/);
    expect(JSON.stringify(again.blocks)).toContain('fired 3 times in 4m 0s, first at <!date^');
    const resolved = alertMessage(alert('service_down', { fire_count: 3, fired_at: T0 + 240_000, state: 'resolved', resolved_at: T0 + 252_000, resolution: 'restarted' }), config('en'), 'h');
    expect(resolved.text).toMatch(/^Resolved/);
    expect(JSON.stringify(resolved.blocks)).toContain('after 12.0 s: restarted automatically');
    expect(JSON.stringify(alertMessage(alert('cpu', { fire_count: 2, fired_at: T0 + 60_000 }), config('zh-CN'), 'h').blocks)).toContain('再次告警');
  });

  it('thread lines, re-notification, snapshot and the list', async () => {
    expect(noteMessage(config('en'), 'acknowledged', { who: 'slack:U1' }).text).toBe('Acknowledged by <@U1>');
    expect(noteMessage(config('en'), 'restart_failed', { service: 'llm', error: '<b>' }).text).toBe('Automatic restart of llm failed: &lt;b&gt;');
    expect(renotifyMessage(config('en'), 900_000).text).toBe('<!subteam^S1> still firing after 15m 0s and not acknowledged');
    // Rows written before the one outbox (migration 8) carry formatted strings; they still render.
    expect(renotifyMessage(config('en'), '15m 0s').text).toBe('<!subteam^S1> still firing after 15m 0s and not acknowledged');
    expect(noteMessage(config('en'), 'gave_up', { service: 'llm', n: 1, window_ms: 600_000 }).text).toMatch(/^Gave up on llm: 1 restart within 10m 0s\./);
    expect(noteMessage(config('en'), 'gave_up', { service: 'llm', n: 5, window_ms: 600_000 }).text).toMatch(/^Gave up on llm: 5 restarts within 10m 0s\./);
    expect(noteMessage(config('en'), 'resolved', { duration_ms: 12_000, resolution: 'restarted', note: 'pid 42' }).text).toBe('Resolved after 12.0 s: restarted automatically (pid 42)');
    const snap = snapshotMessage(config('en'), await fakeSnapshot());
    expect(checkBlockKitLimits(snap)).toEqual([]);
    expect(JSON.stringify(snap.blocks)).toContain('ERROR: boom');
    const many = Array.from({ length: 30 }, (_, i) => alert('cpu', { id: i + 1 }));
    const list = alertListMessage(many, config('zh-CN'), 'h');
    expect(checkBlockKitLimits(list)).toEqual([]);
    expect(JSON.stringify(list.blocks)).toContain('另有 15 条');
  });

  it('console lines: the firing once, then each transition as its note', () => {
    const row = (kind: string, params: Record<string, unknown>): OutboxRow => ({
      id: 1, subject: 'alert:7', kind, params, line: null, broadcast: false, mention: [], created_at: T0, status: 'pending', attempts: 0, next_at: T0,
      last_error: null, done_at: null, mirrored_at: null, destination: null, ref_channel: null, ref_ts: null,
    });
    const cfg = config('en');
    expect(consoleLines(row('alert.message', { reason: 'fired' }), alert('service_down'), cfg)[0]).toMatch(/^\[alert #7\] Firing: llm is down \(not running while it should be \(killed by SIGKILL\)\)$/);
    expect(consoleLines(row('alert.message', { reason: 'acknowledged' }), alert('service_down'), cfg)).toEqual([]);
    expect(consoleLines(row('alert.line', { code: 'acknowledged', args: { who: 'cli:alice' } }), alert('service_down'), cfg)).toEqual(['[alert #7] Acknowledged by alice']);
    expect(consoleLines(row('alert.line', { code: 'acknowledged', args: { who: 'cli:alice' } }), alert('service_down'), config('zh-CN'))[0]).toMatch(/alice/);
  });
});
