/**
 * The notification outbox: domain records ("render alert 12 as it is now", "note for alert 12: key + params"),
 * never Block Kit. Any process may enqueue (the CLI acknowledging an alert); only the daemon delivers. A row is
 * `in_flight` while its Slack call is under way, so a row found in flight at start-up is known to have maybe
 * reached Slack, and is checked there before it is sent again.
 */
import type { Db } from './db.js';

export type OutboxKind = 'render' | 'note' | 'renotify' | 'snapshot';
export type OutboxStatus = 'pending' | 'in_flight' | 'done' | 'failed';
export type OutboxParams = Record<string, unknown>;

export interface OutboxRow {
  id: number;
  alert_id: number;
  kind: OutboxKind;
  text_key: string | null;
  params: OutboxParams;
  created_at: number;
  status: OutboxStatus;
  attempts: number;
  next_at: number;
  last_error: string | null;
  done_at: number | null;
  slack_ts: string | null;
}

type RawRow = Omit<OutboxRow, 'params'> & { params: string };
const parse = (r: RawRow): OutboxRow => ({ ...r, params: JSON.parse(r.params) as OutboxParams });

export class OutboxRepo {
  constructor(private readonly db: Db) {}

  enqueue(r: { alert_id: number; kind: OutboxKind; text_key?: string | null; params?: OutboxParams }, at: number): number {
    const res = this.db
      .prepare('INSERT INTO outbox (alert_id, kind, text_key, params, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(r.alert_id, r.kind, r.text_key ?? null, JSON.stringify(r.params ?? {}), at, at);
    return Number(res.lastInsertRowid);
  }

  get(id: number): OutboxRow | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as RawRow | undefined;
    return r ? parse(r) : undefined;
  }

  /** The oldest row not yet delivered (pending or in flight), whatever its next attempt time: delivery is in order. */
  head(): OutboxRow | undefined {
    const r = this.db.prepare("SELECT * FROM outbox WHERE status IN ('pending', 'in_flight') ORDER BY id LIMIT 1").get() as RawRow | undefined;
    return r ? parse(r) : undefined;
  }

  /** Rows left in flight by a process that died mid-call. */
  inFlight(): OutboxRow[] {
    return (this.db.prepare("SELECT * FROM outbox WHERE status = 'in_flight' ORDER BY id").all() as RawRow[]).map(parse);
  }

  /** A later render of the same alert still waiting: this one need not be sent (the later one shows the same state). */
  laterRenderPending(row: OutboxRow): boolean {
    return (
      this.db.prepare("SELECT 1 FROM outbox WHERE alert_id = ? AND kind = 'render' AND status = 'pending' AND id > ? LIMIT 1").get(row.alert_id, row.id) !==
      undefined
    );
  }

  pendingCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'in_flight')").get() as { n: number }).n;
  }

  /** Highest row id, for a cheap "anything new?" poll. */
  lastId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM outbox').get() as { n: number }).n;
  }

  markInFlight(id: number): void {
    this.db.prepare("UPDATE outbox SET status = 'in_flight', attempts = attempts + 1 WHERE id = ?").run(id);
  }

  markDone(id: number, at: number, slackTs: string | null = null): void {
    this.db.prepare("UPDATE outbox SET status = 'done', done_at = ?, slack_ts = COALESCE(?, slack_ts), last_error = NULL WHERE id = ?").run(at, slackTs, id);
  }

  retryAt(id: number, nextAt: number, error: string): void {
    this.db.prepare("UPDATE outbox SET status = 'pending', next_at = ?, last_error = ? WHERE id = ?").run(nextAt, error, id);
  }

  markFailed(id: number, at: number, error: string): void {
    this.db.prepare("UPDATE outbox SET status = 'failed', done_at = ?, last_error = ? WHERE id = ?").run(at, error, id);
  }

  forAlert(alertId: number): OutboxRow[] {
    return (this.db.prepare('SELECT * FROM outbox WHERE alert_id = ? ORDER BY id').all(alertId) as RawRow[]).map(parse);
  }

  /** Forgets delivered rows older than `before` (the alert and its events keep the history). */
  prune(before: number): number {
    return this.db.prepare("DELETE FROM outbox WHERE status IN ('done', 'failed') AND done_at < ?").run(before).changes;
  }
}
