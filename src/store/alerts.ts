/**
 * Alerts and their history. At most one active (not resolved) alert per key, enforced by a partial unique index, so
 * the bot and a CLI can never both open one. State changes are single conditional UPDATEs: a stale click (acking
 * an alert that was resolved a moment ago) changes nothing and the caller reads the current row to say why.
 * A key that fires again shortly after it resolved re-opens its latest row instead of inserting one (flapping),
 * inside the same transaction that checks for an active row, so the one-active-per-key index still holds.
 */
import type { Db } from './db.js';

export type AlertKind =
  | 'service_down'
  | 'health'
  | 'cpu'
  | 'memory'
  | 'disk'
  | 'service_cpu'
  | 'service_memory'
  | 'crash_loop'
  | 'backup'
  /** the file system of logs_dir is full: service logs, pid files and the state database cannot be written */
  | 'logs_disk'
  /** the state database refuses writes (full, locked, read-only): teachops runs from memory */
  | 'state_store';
export type AlertState = 'firing' | 'acknowledged' | 'resolved';
export type SilenceMode = '1h' | '4h' | 'resolved';
export type Resolution = 'recovered' | 'restarted' | 'running' | 'stopped' | 'backup_ok' | 'space_freed' | 'store_writable';

export interface AlertRow {
  id: number;
  key: string;
  kind: AlertKind;
  service: string | null;
  subject: string | null;
  state: AlertState;
  /** the first firing; `fired_at` is when the current one began */
  started_at: number;
  fired_at: number;
  /** how many times this alert fired (1, then +1 per re-open) */
  fire_count: number;
  updated_at: number;
  value: number | null;
  threshold: number | null;
  detail: string | null;
  acked_by: string | null;
  acked_at: number | null;
  resolved_at: number | null;
  resolution: Resolution | null;
  resolution_note: string | null;
  silence: SilenceMode | null;
  silenced_until: number | null;
  silenced_by: string | null;
  last_notified_at: number;
  slack_channel: string | null;
  slack_ts: string | null;
}

/** What `open` did: a new row, a resolved row fired again (flapping), or nothing (the key was already active). */
export type OpenOutcome = 'created' | 'reopened' | 'active';

export interface NewAlert {
  key: string;
  kind: AlertKind;
  service: string | null;
  subject: string | null;
  value: number | null;
  threshold: number | null;
  detail: string | null;
}

export interface AlertEvent {
  id: number;
  alert_id: number;
  at: number;
  type: string;
  actor: string;
  text_key: string | null;
  params: Record<string, string | number>;
}

export class AlertRepo {
  constructor(protected readonly db: Db) {}

  get(id: number): AlertRow | undefined {
    return this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
  }

  activeByKey(key: string): AlertRow | undefined {
    return this.db.prepare("SELECT * FROM alerts WHERE key = ? AND state <> 'resolved'").get(key) as AlertRow | undefined;
  }

  /** Active alerts, oldest first. */
  active(): AlertRow[] {
    return this.db.prepare("SELECT * FROM alerts WHERE state <> 'resolved' ORDER BY id").all() as AlertRow[];
  }

  /** The newest alerts of any state, newest first. */
  recent(limit: number): AlertRow[] {
    return this.db.prepare('SELECT * FROM alerts ORDER BY id DESC LIMIT ?').all(limit) as AlertRow[];
  }

  /** The newest alert of a key, whatever its state. */
  latestByKey(key: string): AlertRow | undefined {
    return this.db.prepare('SELECT * FROM alerts WHERE key = ? ORDER BY id DESC LIMIT 1').get(key) as AlertRow | undefined;
  }

  /**
   * Inserts a firing alert; returns the one already active for the key (`active`); or, when the key's newest alert
   * resolved no more than `reopenWithinMs` ago, re-opens that one (`reopened`): firing again, one more fire, a new
   * reading, and neither its acknowledgement nor a silence that has run out (that episode is over). Without
   * `reopenWithinMs`, never re-opens.
   */
  open(a: NewAlert, at: number, reopenWithinMs?: number): { alert: AlertRow; outcome: OpenOutcome } {
    return this.db
      .transaction((): { alert: AlertRow; outcome: OpenOutcome } => {
        const existing = this.activeByKey(a.key);
        if (existing) return { alert: existing, outcome: 'active' };
        const last = this.latestByKey(a.key);
        if (reopenWithinMs !== undefined && last?.resolved_at != null && at - last.resolved_at <= reopenWithinMs) {
          this.db
            .prepare(
              `UPDATE alerts SET state = 'firing', fired_at = ?, fire_count = fire_count + 1, updated_at = ?, value = ?, threshold = ?,
                 detail = ?, acked_by = NULL, acked_at = NULL, resolved_at = NULL, resolution = NULL, resolution_note = NULL,
                 silence = CASE WHEN silenced_until IS NOT NULL AND silenced_until > ? THEN silence END,
                 silenced_by = CASE WHEN silenced_until IS NOT NULL AND silenced_until > ? THEN silenced_by END,
                 silenced_until = CASE WHEN silenced_until > ? THEN silenced_until END,
                 last_notified_at = ?
               WHERE id = ? AND state = 'resolved'`,
            )
            .run(at, at, a.value, a.threshold, a.detail, at, at, at, at, last.id);
          return { alert: this.get(last.id)!, outcome: 'reopened' };
        }
        const r = this.db
          .prepare(
            `INSERT INTO alerts (key, kind, service, subject, state, started_at, fired_at, updated_at, value, threshold, detail, last_notified_at)
             VALUES (?, ?, ?, ?, 'firing', ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(a.key, a.kind, a.service, a.subject, at, at, at, a.value, a.threshold, a.detail, at);
        return { alert: this.get(Number(r.lastInsertRowid))!, outcome: 'created' };
      })
      .immediate();
  }

  /** The latest reading of a still-active alert; shown at its next render, not a notification by itself. */
  updateReading(id: number, value: number | null, detail: string | null, at: number): void {
    this.db.prepare("UPDATE alerts SET value = ?, detail = COALESCE(?, detail), updated_at = ? WHERE id = ? AND state <> 'resolved'").run(value, detail, at, id);
  }

  /** firing -> acknowledged; false when it was not firing (already acknowledged, or resolved). */
  acknowledge(id: number, by: string, at: number): boolean {
    return this.db.prepare("UPDATE alerts SET state = 'acknowledged', acked_by = ?, acked_at = ?, updated_at = ? WHERE id = ? AND state = 'firing'").run(by, at, at, id).changes === 1;
  }

  silence(id: number, mode: SilenceMode, until: number | null, by: string, at: number): boolean {
    return (
      this.db
        .prepare("UPDATE alerts SET silence = ?, silenced_until = ?, silenced_by = ?, updated_at = ? WHERE id = ? AND state <> 'resolved'")
        .run(mode, until, by, at, id).changes === 1
    );
  }

  clearSilence(id: number, at: number): void {
    this.db.prepare('UPDATE alerts SET silence = NULL, silenced_until = NULL, silenced_by = NULL, updated_at = ? WHERE id = ?').run(at, id);
  }

  resolve(id: number, resolution: Resolution, note: string | null, at: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE alerts SET state = 'resolved', resolved_at = ?, resolution = ?, resolution_note = ?, updated_at = ?,
             silence = CASE WHEN silence = 'resolved' THEN NULL ELSE silence END
           WHERE id = ? AND state <> 'resolved'`,
        )
        .run(at, resolution, note, at, id).changes === 1
    );
  }

  markNotified(id: number, at: number): void {
    this.db.prepare('UPDATE alerts SET last_notified_at = ? WHERE id = ?').run(at, id);
  }

  /** Where the alert's Slack message landed, so every later change edits it in place. */
  setMessage(id: number, channel: string, ts: string): void {
    this.db.prepare('UPDATE alerts SET slack_channel = ?, slack_ts = ? WHERE id = ?').run(channel, ts, id);
  }

  addEvent(e: Omit<AlertEvent, 'id'>): number {
    const r = this.db
      .prepare('INSERT INTO alert_events (alert_id, at, type, actor, text_key, params) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.alert_id, e.at, e.type, e.actor, e.text_key, JSON.stringify(e.params));
    return Number(r.lastInsertRowid);
  }

  events(alertId: number): AlertEvent[] {
    const rows = this.db.prepare('SELECT * FROM alert_events WHERE alert_id = ? ORDER BY id').all(alertId) as (Omit<AlertEvent, 'params'> & { params: string })[];
    return rows.map((r) => ({ ...r, params: JSON.parse(r.params) as AlertEvent['params'] }));
  }
}
