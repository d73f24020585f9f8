/**
 * The store reuses prepared statements (src/store/statement-cache.ts): a reused statement must behave as a freshly
 * prepared one, whatever mode an earlier caller left it in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDb } from '../../src/store/db.js';

function db() {
  const dir = mkdtempSync(join(tmpdir(), 'teachops-stmt-'));
  const d = openDb(join(dir, 'teachops.db'));
  onTestFinished(() => {
    d.close();
    rmSync(dir, { recursive: true, force: true });
  });
  d.exec('CREATE TABLE t (a INTEGER, b TEXT)');
  d.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run(1, 'one');
  return d;
}

describe('reused statements', () => {
  it('are compiled once per SQL text', () => {
    const d = db();
    expect(d.prepare('SELECT a, b FROM t')).toBe(d.prepare('SELECT a, b FROM t'));
  });

  it('come back in the default mode after pluck, raw or expand', () => {
    const d = db();
    const sql = 'SELECT a, b FROM t WHERE a = ?';
    expect(d.prepare(sql).pluck().get(1)).toBe(1);
    expect(d.prepare(sql).get(1)).toEqual({ a: 1, b: 'one' });
    expect(d.prepare(sql).raw().get(1)).toEqual([1, 'one']);
    expect(d.prepare(sql).get(1)).toEqual({ a: 1, b: 'one' });
    expect(d.prepare(sql).expand().get(1)).toEqual({ t: { a: 1, b: 'one' } });
    expect(d.prepare(sql).all(1)).toEqual([{ a: 1, b: 'one' }]);
  });

  it('still fail loudly once the database is closed', () => {
    const d = db();
    d.prepare('SELECT a FROM t').get();
    d.close();
    expect(() => d.prepare('SELECT a FROM t').get()).toThrow(/not open/);
  });
});
