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
    silenced_by: null, last_notified_at: T0, slack_channel: null, slack_ts: null, escalation: null, cause: {}, ...over,
  };
}

const elementsOf = (m: { blocks: unknown[] }): string[] =>
  (m.blocks as { type: string; elements?: { text?: { text: string } }[] }[]).filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.text?.text ?? ''));

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

  it('the headline says what happened now: firing again (ordinal), acknowledged by whom, resolved after how long, escalated', () => {
    const first = (m: { blocks: unknown[] }) => (m.blocks[0] as { text: { text: string } }).text.text;
    const again = alertMessage(alert('service_down', { fire_count: 3, fired_at: T0 + 240_000 }), config('en'), 'h');
    expect(first(again)).toBe(':red_circle: *Firing again (3rd time in 4m 0s): llm is down*');
    expect(again.text).toMatch(/^Firing again \(3rd time in 4m 0s\): llm is down: /);
    expect(JSON.stringify(again.blocks)).toContain('fired 3 times in 4m 0s, first at <!date^');
    for (const [n, ord] of [[2, '2nd'], [11, '11th'], [21, '21st'], [23, '23rd']] as const) {
      expect(first(alertMessage(alert('service_down', { fire_count: n }), config('en'), 'h'))).toContain(`(${ord} time in`);
    }
    const acked = alertMessage(alert('health', { state: 'acknowledged', acked_by: 'slack:U0ALICE001', acked_at: T0 + 60_000 }), config('en'), 'h');
    expect(first(acked)).toBe(':large_yellow_circle: *Acknowledged by <@U0ALICE001>: llm fails its health check*');
    const resolved = alertMessage(alert('service_down', { fire_count: 3, fired_at: T0 + 240_000, state: 'resolved', resolved_at: T0 + 320_000, resolution: 'restarted' }), config('en'), 'h');
    expect(first(resolved)).toBe(':white_check_mark: *Resolved: llm was down for 1m 20s*');
    expect(JSON.stringify(resolved.blocks)).toContain('after 1m 20s: restarted automatically');
    const byHand = alertMessage(alert('service_down', { state: 'resolved', resolved_at: T0 + 5000, resolution: 'operator_restart', resolution_note: 'slack:U0ALICE001' }), config('en'), 'h');
    expect(JSON.stringify(byHand.blocks)).toContain('restarted by <@U0ALICE001>');
    const loop = alertMessage(alert('service_down', { escalation: 'crash_loop', cause: { restarts: { n: 5, max: 5, window_ms: 600_000 }, error: 'llm needs DASHSCOPE_API_KEY: add it to .env' } }), config('en'), 'h');
    expect(first(loop)).toBe(':boom: *llm keeps crashing: automatic restarts stopped*');
    expect(JSON.stringify(loop.blocks)).toContain('5 restarts within 10m 0s (at most 5)');
    expect(JSON.stringify(loop.blocks)).toContain('*Cause*\\n• start failed: llm needs DASHSCOPE_API_KEY: add it to .env');
    const silenced = alertMessage(alert('cpu', { silence: '1h', silenced_by: 'slack:U0BOB', silenced_until: T0 + 3_600_000 }), config('en'), 'h');
    expect(first(silenced)).toBe(':no_bell: *Silenced by <@U0BOB>: High CPU on h*');
    expect(elementsOf(silenced)).toContain('Unsilence');
    expect(elementsOf(alertMessage(alert('cpu'), config('en'), 'h'))).not.toContain('Unsilence');
    // zh-CN from its own catalogue
    expect(first(alertMessage(alert('cpu', { fire_count: 2, fired_at: T0 + 60_000 }), config('zh-CN'), 'h'))).toMatch(/^:red_circle: \*再次告警（.+ 内第 2 次）：h CPU 使用率过高\*$/);
    expect(first(alertMessage(alert('service_down', { state: 'resolved', resolved_at: T0 + 80_000, resolution: 'restarted' }), config('zh-CN'), 'h'))).toMatch(/^:white_check_mark: \*已恢复：llm 停止运行了 /);
  });

  it('the cause it knows is in the message: start failure or last exit, and the last error line of the log (escaped)', () => {
    const m = alertMessage(alert('service_down', { cause: { exit: { code: 1, signal: null }, log: 'KeyError: <DASHSCOPE_API_KEY>' } }), config('en'), 'h');
    const cause = (m.blocks.find((b) => (b as { block_id?: string }).block_id === 'alert:7:cause') as { text: { text: string } }).text.text;
    expect(cause).toBe('*Cause*\n• last exit: exit code 1\n• last error in llm.log: KeyError: &lt;DASHSCOPE_API_KEY&gt;');
    expect(alertMessage(alert('cpu'), config('en'), 'h').blocks.some((b) => (b as { block_id?: string }).block_id === 'alert:7:cause')).toBe(false);
  });

  it('the first post mentions who must hear it, as markup (text and blocks); edits leave it out', () => {
    const m = alertMessage(alert('service_down'), config('en'), { host: 'h', mention: ['<!subteam^S1>', 'U0ALICE001'] });
    expect(m.text).toMatch(/^<!subteam\^S1> <@U0ALICE001> llm is down: /);
    expect((m.blocks[0] as { text: { text: string } }).text.text).toBe('<!subteam^S1> <@U0ALICE001>');
    expect(alertMessage(alert('service_down'), config('en'), 'h').text).toMatch(/^llm is down/);
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
