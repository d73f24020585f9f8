/** Button values are decoded only through their schema; button tokens act once, atomically. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { BadButtonValueError, decodeValue, encodeValue, tokenButton } from '../../src/slack/values.js';

let dir: string | undefined;
let store: Store | undefined;
afterEach(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = undefined;
  dir = undefined;
});

describe('button values', () => {
  const value = { tok: 'a'.repeat(24), svc: 'llm', ver: 'llm=123', act: 'stop' as const };

  it('round-trips through the codec', () => {
    expect(decodeValue(tokenButton, encodeValue(tokenButton, value), 'x')).toEqual(value);
  });

  it.each([
    ['', 'no value'],
    ['{not json', 'not JSON'],
    [JSON.stringify({ ...value, svc: '; rm -rf /' }), 'svc'],
    [JSON.stringify({ ...value, extra: 1 }), 'Unrecognized key'],
    [JSON.stringify({ ...value, tok: 'XYZ' }), 'tok'],
  ])('refuses %j with a clear error', (raw, why) => {
    expect(() => decodeValue(tokenButton, raw, 'teach.status.restart')).toThrow(BadButtonValueError);
    expect(() => decodeValue(tokenButton, raw, 'teach.status.restart')).toThrow(why);
  });
});

describe('button tokens (migration 3)', () => {
  it('are consumed once; the second consumer learns who and when', () => {
    dir = mkdtempSync(join(tmpdir(), 'teachops-buttons-'));
    store = openStore(dir);
    const other = openStore(dir); // a second process on the same database
    try {
      const tok = store.buttons.issue({ kind: 'restart', target: 'llm', version: 'llm=1', by: 'U1', at: 1000 });
      expect(store.buttons.consume(tok, 'U2', 2000)).toMatchObject({ status: 'consumed', row: { used_by: 'U2', used_at: 2000, result: 'done' } });
      expect(other.buttons.consume(tok, 'U3', 3000)).toMatchObject({ status: 'used', row: { used_by: 'U2', used_at: 2000 } });
      expect(store.buttons.consume('f'.repeat(24), 'U2', 2000)).toEqual({ status: 'unknown' });
      expect(store.buttons.prune(1500)).toBe(1);
      expect(store.buttons.get(tok)).toBeUndefined();
    } finally {
      other.close();
    }
  });
});
