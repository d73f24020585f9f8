/**
 * The pending-writes journal (src/store/pending.ts) on a real SQLite file, locked by a real second connection
 * (BEGIN EXCLUSIVE): what `teach run` writes while the database refuses is held whole, read back by the daemon,
 * written back in one transaction once the lock is gone, with alert numbers kept true (or moved and said), the
 * bound respected (records given up first, alerts never); a CLI store throws instead of holding.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isUnwritable, openStore, type Store } from '../../src/store/index.js';
import type { NewAlert } from '../../src/store/alerts.js';

let dir: string | undefined;
let stores: Store[] = [];
let other: Database.Database | undefined;
afterEach(() => {
  if (other?.inTransaction) other.exec('ROLLBACK');
  other?.close();
  for (const s of stores) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = other = undefined;
  stores = [];
});

function setUp(opts: { hold: boolean; limit?: number }): { store: Store; lock: () => void; unlock: () => void } {
  dir = mkdtempSync(join(tmpdir(), 'teachops-pending-'));
  const store = openStore(dir, 'en', { ...opts, busyTimeoutMs: 5 });
  stores.push(store);
  other = new Database(store.file);
  return { store, lock: () => other!.exec('BEGIN EXCLUSIVE'), unlock: () => other!.exec('COMMIT') };
}

const down = (svc: string): NewAlert => ({ key: `service_down:${svc}`, kind: 'service_down', service: svc, subject: svc, value: null, threshold: null, detail: 'killed' });

/** What the alert book does: an alert, its event and its Slack message, as one change. */
function raise(store: Store, svc: string, at: number): number {
  return store.transaction(() => {
    const { alert } = store.alerts.open(down(svc), at);
    store.alerts.addEvent({ alert_id: alert.id, at, type: 'fired', actor: 'teachops', text_key: 'fired', params: {} });
    store.outbox.append({ subject: `alert:${alert.id}`, kind: 'fired', params: { n: 1 } }, at);
    return alert.id;
  });
}

const fresh = () => new Database(join(dir!, 'teachops.db'), { readonly: true });

describe('pending writes', () => {
  it('holds an alert with its event and message while locked, reads them back, and writes them once unlocked', () => {
    const { store, lock, unlock } = setUp({ hold: true });
    lock();
    const id = raise(store, 'web', 1000);
    expect(store.writes.holding).toBe(true);
    expect(store.problem()?.cause).toBe('locked');
    expect(store.alerts.activeByKey('service_down:web')?.id).toBe(id);
    expect(store.outbox.heads().map((r) => r.subject)).toEqual([`alert:${id}`]);
    expect(store.writes.flush()).toBe('refused');

    unlock();
    expect(store.writes.flush()).toBe('written');
    expect(store.writes.holding).toBe(false);
    const db = fresh();
    expect(db.prepare('SELECT id, state FROM alerts').all()).toEqual([{ id, state: 'firing' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM alert_events WHERE alert_id = ?').get(id)).toEqual({ n: 1 });
    expect(db.prepare('SELECT subject, status FROM outbox').all()).toEqual([{ subject: `alert:${id}`, status: 'pending' }]);
    db.close();
  });

  it('takes back all of a held change that fails midway', () => {
    const { store, lock } = setUp({ hold: true });
    lock();
    raise(store, 'web', 1000);
    const before = store.writes.size();
    expect(() =>
      store.transaction(() => {
        store.alerts.open(down('api'), 2000);
        store.outbox.append({ subject: 'notice', kind: 'x', params: {} }, 2000);
        throw new Error('midway');
      }),
    ).toThrow('midway');
    expect(store.writes.size()).toBe(before);
    expect(store.alerts.activeByKey('service_down:api')).toBeUndefined();
    expect(store.outbox.heads()).toHaveLength(1);
  });

  it('stores a held alert under a new number when its number was taken meanwhile, and its messages follow it', () => {
    const { store, lock, unlock } = setUp({ hold: true });
    lock();
    const id = raise(store, 'web', 1000);
    // The other connection, holding the lock, takes that number itself.
    other!.prepare("INSERT INTO alerts (key, kind, service, subject, state, started_at, fired_at, updated_at, last_notified_at) VALUES ('x', 'backup', NULL, 'x', 'firing', 1, 1, 1, 1)").run();
    unlock();
    const said: string[] = [];
    expect(store.writes.flush((key, p) => said.push(`${key} ${JSON.stringify(p)}`))).toBe('written');
    const db = fresh();
    const stored = db.prepare("SELECT id FROM alerts WHERE key = 'service_down:web'").get() as { id: number };
    expect(stored.id).not.toBe(id);
    expect(said).toEqual([`id_moved ${JSON.stringify({ from: id, to: stored.id })}`]);
    expect(db.prepare('SELECT subject FROM outbox').all()).toEqual([{ subject: `alert:${stored.id}` }]);
    db.close();
  });

  it('over its bound gives up audit records first, never alerts or undelivered messages, and counts what it gave up', () => {
    const { store, lock, unlock } = setUp({ hold: true, limit: 6 });
    lock();
    for (let i = 0; i < 5; i++) store.audit.record({ at: i, source: 'cli', actor: 'root', channel: null, action: 'status', args: [], outcome: 'ok', detail: null, duration_ms: 1 });
    raise(store, 'web', 1000);
    raise(store, 'api', 1001);
    expect(store.writes.size()).toBeLessThanOrEqual(6);
    unlock();
    expect(store.writes.flush()).toBe('written');
    expect(store.writes.lastWriteBack()?.dropped.audit).toBeGreaterThan(0);
    const db = fresh();
    expect(db.prepare('SELECT COUNT(*) AS n FROM alerts').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 2 });
    db.close();
  });

  it('a CLI store does not hold: the refused write is an error', () => {
    const { store, lock } = setUp({ hold: false });
    lock();
    let caught: unknown;
    try {
      raise(store, 'web', 1000);
    } catch (e) {
      caught = e;
    }
    expect(isUnwritable(caught)).toBe(true);
    expect(store.writes.holding).toBe(false);
  });
});
