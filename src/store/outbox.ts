/**
 * The one notification outbox (migration 8): domain events for alerts, incidents and notices, as codes and
 * parameters, never Block Kit or translated text. Any process may append (the CLI acknowledging an alert); only
 * the daemon delivers. Implements the pipeline's OutboxStore (src/notify/outbox.ts), its only way to the table.
 */
import type { Db } from './db.js';
import type { OutboxStore } from '../notify/outbox.js';
import type { MessageRef, OutboxEvent, OutboxRow, OutboxStatus, Subject } from '../notify/types.js';

export type { OutboxRow, OutboxStatus };

type RawRow = Omit<OutboxRow, 'params' | 'mention' | 'broadcast'> & { params: string; mention: string; broadcast: number };
const parse = (r: RawRow): OutboxRow => ({
  ...r,
  params: JSON.parse(r.params) as Record<string, unknown>,
  mention: JSON.parse(r.mention) as string[],
  broadcast: r.broadcast === 1,
});
const OPEN = "status NOT IN ('done', 'failed')";

export class OutboxRepo implements OutboxStore {
  constructor(protected readonly db: Db) {}

  append(e: OutboxEvent, at: number): number {
    const res = this.db
      .prepare('INSERT INTO outbox (subject, kind, params, line, broadcast, mention, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.subject, e.kind, JSON.stringify(e.params ?? {}), e.line ?? null, e.broadcast ? 1 : 0, JSON.stringify(e.mention ?? []), at, at);
    return Number(res.lastInsertRowid);
  }

  get(id: number): OutboxRow | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as RawRow | undefined;
    return r ? parse(r) : undefined;
  }

  heads(): OutboxRow[] {
    const sql = `SELECT * FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox WHERE ${OPEN} GROUP BY subject) ORDER BY id`;
    return (this.db.prepare(sql).all() as RawRow[]).map(parse);
  }

  unmirrored(): OutboxRow[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE ${OPEN} AND mirrored_at IS NULL ORDER BY id`).all() as RawRow[]).map(parse);
  }

  laterPending(row: OutboxRow): boolean {
    return this.db.prepare(`SELECT 1 FROM outbox WHERE subject = ? AND kind = ? AND ${OPEN} AND id > ? LIMIT 1`).get(row.subject, row.kind, row.id) !== undefined;
  }

  lineRef(subject: Subject, line: string): MessageRef | undefined {
    const r = this.db
      .prepare("SELECT ref_channel, ref_ts FROM outbox WHERE subject = ? AND line = ? AND status = 'done' AND ref_ts IS NOT NULL ORDER BY id DESC LIMIT 1")
      .get(subject, line) as { ref_channel: string | null; ref_ts: string } | undefined;
    return r && r.ref_channel ? { channel: r.ref_channel, ts: r.ref_ts } : undefined;
  }

  markMirrored(id: number, at: number): void {
    this.db.prepare('UPDATE outbox SET mirrored_at = ? WHERE id = ?').run(at, id);
  }

  markSending(id: number): void {
    this.db.prepare("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?").run(id);
  }

  markDone(id: number, at: number, destination: string, ref?: MessageRef): void {
    this.db
      .prepare("UPDATE outbox SET status = 'done', done_at = ?, destination = ?, ref_channel = COALESCE(?, ref_channel), ref_ts = COALESCE(?, ref_ts), last_error = NULL WHERE id = ?")
      .run(at, destination, ref?.channel ?? null, ref?.ts ?? null, id);
  }

  markMaybeSent(id: number, nextAt: number, error: string): void {
    this.db.prepare("UPDATE outbox SET status = 'maybe_sent', next_at = ?, last_error = ? WHERE id = ?").run(nextAt, error, id);
  }

  retryAt(id: number, nextAt: number, error: string, count = true): void {
    this.db
      .prepare(`UPDATE outbox SET status = 'pending', next_at = ?, last_error = ?, attempts = attempts - ? WHERE id = ?`)
      .run(nextAt, error, count ? 0 : 1, id);
  }

  markFailed(id: number, at: number, error: string): void {
    this.db.prepare("UPDATE outbox SET status = 'failed', done_at = ?, last_error = ? WHERE id = ?").run(at, error, id);
  }

  lastId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM outbox').get() as { n: number }).n;
  }

  pendingCount(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE ${OPEN}`).get() as { n: number }).n;
  }

  /** Undelivered rows, oldest first (of one subject, or all). */
  pending(subject?: Subject): OutboxRow[] {
    const rows = subject === undefined ? this.db.prepare(`SELECT * FROM outbox WHERE ${OPEN} ORDER BY id`).all() : this.db.prepare(`SELECT * FROM outbox WHERE subject = ? AND ${OPEN} ORDER BY id`).all(subject);
    return (rows as RawRow[]).map(parse);
  }

  /** Every row of a subject, oldest first. */
  forSubject(subject: Subject): OutboxRow[] {
    return (this.db.prepare('SELECT * FROM outbox WHERE subject = ? ORDER BY id').all(subject) as RawRow[]).map(parse);
  }

  /** Forgets delivered rows older than `before` (alerts and incidents keep their own history). */
  prune(before: number): number {
    return this.db.prepare("DELETE FROM outbox WHERE status IN ('done', 'failed') AND done_at < ?").run(before).changes;
  }
}
