/**
 * What the incident engine asks Slack to do, kept in the store until Slack has done it: delivered in order, retried
 * with a delay (Retry-After when Slack gives one), marked done only when Slack answered ok. A bot killed between
 * the state change and the post delivers it after its restart. An item is `in_flight` while its Slack call is under
 * way, so one found in flight at start-up may have reached Slack, and is looked up there before it is sent again.
 */
import type { Db } from './db.js';

export type OutboxKind = 'message' | 'thread' | 'post' | 'file';

export interface OutboxItem {
  id: number;
  incident_id: number;
  kind: OutboxKind;
  payload: unknown;
  created_at: number;
  attempts: number;
  next_at: number;
  last_error: string | null;
  done_at: number | null;
  /** 1 while its Slack call is under way (or could not be checked yet after a crash) */
  in_flight: number;
  /** the message it posted, when known */
  slack_ts: string | null;
}

export class IncidentOutboxRepo {
  constructor(private readonly db: Db) {}

  /** Due at once: `next_at` is only set by a failed attempt, in the delivery loop's (wall-clock) time. */
  enqueue(incidentId: number, kind: OutboxKind, payload: unknown, at: number): number {
    const r = this.db
      .prepare('INSERT INTO incident_outbox (incident_id, kind, payload, created_at, next_at) VALUES (?, ?, ?, ?, 0)')
      .run(incidentId, kind, JSON.stringify(payload), at);
    return Number(r.lastInsertRowid);
  }

  /** The oldest undelivered item, whatever its next_at: the caller waits for it, so nothing overtakes it. */
  head(): OutboxItem | undefined {
    const row = this.db.prepare('SELECT * FROM incident_outbox WHERE done_at IS NULL ORDER BY id LIMIT 1').get() as (Omit<OutboxItem, 'payload'> & { payload: string }) | undefined;
    return row ? { ...row, payload: JSON.parse(row.payload) as unknown } : undefined;
  }

  /** A later undelivered re-render of the same incident makes this one redundant. */
  hasLaterMessage(item: OutboxItem): boolean {
    return this.db.prepare("SELECT 1 FROM incident_outbox WHERE done_at IS NULL AND kind = 'message' AND incident_id = ? AND id > ? LIMIT 1").get(item.incident_id, item.id) !== undefined;
  }

  /** Its Slack call starts: until it is done, failed or given up, a crash leaves it marked "maybe sent". */
  markInFlight(id: number): void {
    this.db.prepare('UPDATE incident_outbox SET in_flight = 1 WHERE id = ?').run(id);
  }

  done(id: number, at: number, slackTs: string | null = null): void {
    this.db
      .prepare('UPDATE incident_outbox SET done_at = ?, attempts = attempts + 1, last_error = NULL, in_flight = 0, slack_ts = COALESCE(?, slack_ts) WHERE id = ?')
      .run(at, slackTs, id);
  }

  /** The destination refused it for good: out of the way of the items behind it, with the reason kept. */
  giveUp(id: number, error: string, at: number): void {
    this.db.prepare('UPDATE incident_outbox SET done_at = ?, attempts = attempts + 1, last_error = ?, in_flight = 0 WHERE id = ?').run(at, error, id);
  }

  /** Slack answered with an error: not sent, try again at `nextAt`. `keepInFlight`: it still may have been sent (a
   *  crash left it in flight and Slack could not be asked yet), so it is looked up again before any send. */
  retry(id: number, error: string, nextAt: number, keepInFlight = false): void {
    this.db
      .prepare('UPDATE incident_outbox SET attempts = attempts + 1, last_error = ?, next_at = ?, in_flight = ? WHERE id = ?')
      .run(error, nextAt, keepInFlight ? 1 : 0, id);
  }

  pending(incidentId?: number): OutboxItem[] {
    const rows = (
      incidentId === undefined
        ? this.db.prepare('SELECT * FROM incident_outbox WHERE done_at IS NULL ORDER BY id').all()
        : this.db.prepare('SELECT * FROM incident_outbox WHERE done_at IS NULL AND incident_id = ? ORDER BY id').all(incidentId)
    ) as (Omit<OutboxItem, 'payload'> & { payload: string })[];
    return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown }));
  }
}
