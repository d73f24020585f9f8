import type { Db } from './db.js';
import { redact, redactDeep } from '../util/redact.js';

export type AuditSource = 'cli' | 'slack' | 'teachops';
/** `interrupted`: ended by a signal (Ctrl-C, SIGTERM) or by the death of its process (recorded by `teach run`). */
export type AuditOutcome = 'ok' | 'failed' | 'refused' | 'error' | 'interrupted';

export interface AuditEntry {
  at: number;
  source: AuditSource;
  actor: string;
  channel: string | null;
  action: string;
  args: unknown;
  outcome: AuditOutcome;
  detail: string | null;
  duration_ms: number;
}

export interface AuditRow extends AuditEntry {
  id: number;
}

export class AuditRepo {
  constructor(protected readonly db: Db) {}

  /** Arguments and detail are stored redacted: `teach incident start "...KEY=sk-..."` keeps no key. */
  record(e: AuditEntry): number {
    const r = this.db
      .prepare(
        `INSERT INTO audit (at, source, actor, channel, action, args, outcome, detail, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.at, e.source, e.actor, e.channel, e.action, JSON.stringify(redactDeep(e.args ?? null)), e.outcome, e.detail === null ? null : redact(e.detail), Math.round(e.duration_ms));
    return Number(r.lastInsertRowid);
  }

  /** Newest last. */
  recent(limit = 20): AuditRow[] {
    const rows = this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit) as (Omit<AuditRow, 'args'> & { args: string })[];
    return rows.reverse().map((r) => ({ ...r, args: JSON.parse(r.args) as unknown }));
  }

  /**
   * Restart records after `afterId`, oldest first, and the newest id read up to (whatever its action): the /metrics
   * restart counter reads incrementally, so each scrape scans only rows written since the last one.
   */
  restartsSince(afterId: number): { rows: Pick<AuditRow, 'id' | 'source' | 'args' | 'outcome'>[]; lastId: number } {
    const lastId = (this.db.prepare('SELECT MAX(id) FROM audit').pluck().get() as number | null) ?? afterId;
    const rows = this.db
      .prepare("SELECT id, source, args, outcome FROM audit WHERE id > ? AND id <= ? AND action = 'restart' ORDER BY id")
      .all(afterId, lastId) as (Pick<AuditRow, 'id' | 'source' | 'outcome'> & { args: string })[];
    return { rows: rows.map((r) => ({ ...r, args: JSON.parse(r.args) as unknown })), lastId: Math.max(lastId, afterId) };
  }
}
