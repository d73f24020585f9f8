import type { Db } from './db.js';

/** Small values shared between teachops processes (e.g. the last /proc/stat read, so `teach status` need not wait). */
export class KvRepo {
  constructor(protected readonly db: Db) {}

  get<T>(key: string): { value: T; updated_at: number } | undefined {
    const row = this.db.prepare('SELECT value, updated_at FROM kv WHERE key = ?').get(key) as { value: string; updated_at: number } | undefined;
    return row ? { value: JSON.parse(row.value) as T, updated_at: row.updated_at } : undefined;
  }

  set(key: string, value: unknown, at = Date.now()): void {
    this.db
      .prepare('INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, JSON.stringify(value), at);
  }
}
