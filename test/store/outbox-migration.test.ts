/**
 * Migration 8 folds the alert outbox and incident_outbox into the one outbox: rows waiting at the upgrade are
 * delivered after it, in the order they were written, with their "maybe sent" mark kept, and delivered rows keep
 * the message they posted.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/index.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 8: one outbox', () => {
  it('moves alert and incident rows over in creation order, keeping their state', () => {
    dir = mkdtempSync(join(tmpdir(), 'teachops-migrate-'));
    const db = new Database(join(dir, 'teachops.db'));
    for (const m of migrations.filter((x) => x.version <= 7)) db.exec(m.sql);
    db.pragma('user_version = 7');
    db.prepare("INSERT INTO alerts (key, kind, state, started_at, updated_at, last_notified_at, fired_at) VALUES ('cpu', 'cpu', 'firing', 1, 1, 1, 1)").run();
    db.prepare("INSERT INTO incidents (title, state, lead, declared_by, started_at, runbook) VALUES ('x', 'open', 'cli:a', 'cli:a', 2, '{}')").run();
    const alertRow = db.prepare('INSERT INTO outbox (alert_id, kind, text_key, params, created_at, status, next_at, slack_ts) VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
    alertRow.run('render', null, '{"reason":"fired"}', 100, 'done', 100, '111.1');
    alertRow.run('note', 'alerts.note_acknowledged', '{"who":"slack:U1"}', 300, 'in_flight', 300, null);
    const incidentRow = db.prepare('INSERT INTO incident_outbox (incident_id, kind, payload, created_at, next_at, done_at, in_flight, last_error) VALUES (1, ?, ?, ?, 0, ?, ?, ?)');
    incidentRow.run('message', '{}', 200, null, 0, null);
    incidentRow.run('thread', '{"type":"event"}', 400, null, 1, null);
    incidentRow.run('post', '{"channel":null,"mention":[]}', 150, 160, 0, 'channel_not_found');
    db.close();

    const store = openStore(dir);
    try {
      const rows = store.db.prepare('SELECT subject, kind, params, status, ref_ts FROM outbox ORDER BY id').all();
      expect(rows).toEqual([
        { subject: 'alert:1', kind: 'alert.message', params: '{"reason":"fired"}', status: 'done', ref_ts: '111.1' },
        { subject: 'incident:1', kind: 'incident.post', params: '{"channel":null,"mention":[]}', status: 'failed', ref_ts: null },
        { subject: 'incident:1', kind: 'incident.message', params: '{}', status: 'pending', ref_ts: null },
        { subject: 'alert:1', kind: 'alert.line', params: '{"code":"acknowledged","args":{"who":"slack:U1"}}', status: 'sending', ref_ts: null },
        { subject: 'incident:1', kind: 'incident.thread', params: '{"type":"event"}', status: 'sending', ref_ts: null },
      ]);
      expect(store.outbox.heads().map((r) => [r.subject, r.kind])).toEqual([
        ['incident:1', 'incident.message'],
        ['alert:1', 'alert.line'],
      ]);
      expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name IN ('incident_outbox', 'outbox_alerts_v4')").all()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
