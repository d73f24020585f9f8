/** The webhook payload's schema, the bearer check and the receiver's first answers, on their own: what a sender is told. */
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseWebhook } from '../../src/alertmanager/webhook.js';
import { alertmanagerReceiver, bearerMatches } from '../../src/app/alertmanager-receiver.js';
import { ManualClock } from '../../src/clock.js';
import { translator } from '../../src/i18n/index.js';
import { AlertmanagerAlerts } from '../../src/monitor/alertmanager.js';
import { AlertBook } from '../../src/monitor/book.js';
import { outboxNotifications } from '../../src/notify/outbox.js';
import { createHttpListener } from '../../src/util/http-listener.js';
import { freePort, makeTempProject } from '../support/temp-project.js';
import { webhook } from './payload.js';

describe('Alertmanager webhook payload (version 4)', () => {
  it('turns a payload as Alertmanager sends it into alerts with epoch times and safe links', () => {
    const r = parseWebhook(webhook([{ fingerprint: 'bb63b785860bc3ea', annotations: { summary: 's', runbook_url: 'http://x/rb' } }]));
    expect(r).toEqual({
      ok: true,
      message: {
        receiver: 'teachops',
        groupKey: '{}:{alertname="HighLatency"}',
        truncatedAlerts: 0,
        alerts: [
          {
            fingerprint: 'bb63b785860bc3ea',
            status: 'firing',
            labels: { alertname: 'HighLatency', severity: 'critical' },
            annotations: { summary: 's', runbook_url: 'http://x/rb' },
            startsAt: Date.parse('2026-11-30T04:55:28.481Z'),
            generatorURL: 'http://prometheus.lan:9090/graph?g0.expr=up&g0.tab=1',
            externalURL: 'http://alertmanager.lan:9093/',
            receiver: 'teachops',
          },
        ],
      },
    });
  });

  it('names every problem with its path, and what was expected', () => {
    const body = webhook([{ fingerprint: 'aa' }, { fingerprint: 'bb' }]) as { version: string; alerts: Record<string, unknown>[] };
    body.version = '3';
    delete body.alerts[0]!.fingerprint;
    body.alerts[1]!.status = 'pending';
    (body.alerts[1]!.labels as Record<string, unknown>).severity = 2;
    body.alerts[1]!.startsAt = 'yesterday';
    const r = parseWebhook(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      'version: expected "4" (Alertmanager\'s webhook payload version 4)',
      'alerts[0].fingerprint: expected the alert\'s fingerprint (a string)',
      'alerts[1].status: expected "firing" or "resolved"',
      'alerts[1].labels.severity: expected a string value',
      'alerts[1].startsAt: expected an RFC 3339 time like "2024-05-01T12:00:00Z"',
    ]);
    expect(parseWebhook([1, 2])).toEqual({ ok: false, problems: ['(body): Invalid input: expected object, received array'] });
  });

  it('lists at most ten problems, then how many more', () => {
    const r = parseWebhook(webhook(Array.from({ length: 15 }, (_, i) => ({ fingerprint: `bad fingerprint ${i}` }))));
    expect(!r.ok && r.problems).toHaveLength(11);
    expect(!r.ok && r.problems.at(-1)).toBe('… and 5 more');
  });

  it('drops links that are not http(s)', () => {
    const r = parseWebhook(webhook([{ fingerprint: 'aa', generatorURL: 'javascript:alert(1)' }], { externalURL: 'file:///etc/passwd' }));
    expect(r.ok && r.message.alerts[0]).toMatchObject({ generatorURL: null, externalURL: null });
  });
});

describe('bearer token check', () => {
  it('accepts exactly "Bearer <token>" and nothing else', () => {
    expect(bearerMatches('Bearer s3cret-token', 's3cret-token')).toBe(true);
    expect(bearerMatches('bearer s3cret-token', 's3cret-token')).toBe(true);
    expect(bearerMatches('Bearer s3cret-toke', 's3cret-token')).toBe(false);
    expect(bearerMatches('Bearer s3cret-token-and-more', 's3cret-token')).toBe(false);
    expect(bearerMatches('Basic s3cret-token', 's3cret-token')).toBe(false);
    expect(bearerMatches('s3cret-token', 's3cret-token')).toBe(false);
    expect(bearerMatches(undefined, 's3cret-token')).toBe(false);
  });
});

describe('the receiver before it reads a body', () => {
  async function serve(token: string | undefined, stopping = false) {
    const p = makeTempProject();
    const clock = new ManualClock();
    const book = new AlertBook({ store: p.store, clock, config: p.config, notifications: outboxNotifications(p.store.outbox, () => clock.now()) });
    const alerts = new AlertmanagerAlerts({ book, store: p.store, clock, config: p.config, host: 'h' });
    const lines: string[] = [];
    const listener = createHttpListener();
    listener.route('POST', '/alertmanager', alertmanagerReceiver({ token, alerts, tr: translator('en'), log: (l) => lines.push(l), now: () => clock.now(), stopping: () => stopping }));
    await listener.listen({ host: '127.0.0.1', port: await freePort() });
    onTestFinished(async () => {
      await listener.close();
      await p.cleanup();
    });
    const url = `http://127.0.0.1:${listener.address()!.port}/alertmanager`;
    return { p, lines, post: (auth?: string) => fetch(url, { method: 'POST', headers: auth ? { authorization: auth } : {}, body: JSON.stringify(webhook([{ fingerprint: 'aa' }])) }) };
  }

  it('with TEACHOPS_WEBHOOK_TOKEN unset, refuses everything with 401 and says how to set it', async () => {
    const s = await serve(undefined);
    for (const auth of [undefined, 'Bearer ', 'Bearer anything']) {
      const res = await s.post(auth);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).toContain('POST /alertmanager is off: TEACHOPS_WEBHOOK_TOKEN is not set.');
      expect(text).toContain('`openssl rand -hex 32`');
    }
    expect(s.p.store.alerts.recent(10)).toEqual([]);
    expect(s.lines).toEqual(['alertmanager webhook: refused 1 request (the last from 127.0.0.1): TEACHOPS_WEBHOOK_TOKEN is not set; see the README, "Alertmanager: POST /alertmanager"']);
  });

  it('while teach run stops: 503 with Retry-After (Alertmanager sends it again), nothing recorded', async () => {
    const s = await serve('a-long-enough-token-123', true);
    const res = await s.post('Bearer a-long-enough-token-123');
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '10']);
    expect(s.p.store.alerts.recent(10)).toEqual([]);
  });

  it('while another connection holds the state database: 503 with Retry-After, then recorded when Alertmanager sends it again', async () => {
    const s = await serve('a-long-enough-token-123');
    s.p.store.db.pragma('busy_timeout = 20');
    const holder = new Database(s.p.store.db.name);
    holder.exec('BEGIN EXCLUSIVE');
    let res: Response;
    try {
      res = await s.post('Bearer a-long-enough-token-123');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '10']);
    expect(await res.text()).toContain('its state database refuses writes (SQLITE_BUSY); Alertmanager will send them again');
    expect(s.lines).toEqual(['alertmanager webhook: 1 alerts from teachops not recorded, the state database refuses writes (SQLITE_BUSY); answered 503 so Alertmanager sends them again']);
    expect(s.p.store.alerts.recent(10)).toEqual([]);
    // Alertmanager's retry
    expect((await s.post('Bearer a-long-enough-token-123')).status).toBe(200);
    expect(s.p.store.alerts.recent(10).map((a) => a.kind)).toEqual(['alertmanager']);
  });
});
