/**
 * Alerts and their history. At most one active (not resolved) alert per key, enforced by a partial unique index, so
 * the bot and a CLI can never both open one. State changes are single conditional UPDATEs: a stale click (acking
 * an alert that was resolved a moment ago) changes nothing and the caller reads the current row to say why.
 * A key that fires again shortly after it resolved re-opens its latest row instead of inserting one (flapping),
 * inside the same transaction that checks for an active row, so the one-active-per-key index still holds.
 */
import type { Db } from './db.js';

/** `alertmanager`: an alert received from Alertmanager (key `alertmanager:<fingerprint>`, details in external_alerts) */
export type AlertKind = 'service_down' | 'health' | 'cpu' | 'memory' | 'disk' | 'service_cpu' | 'service_memory' | 'crash_loop' | 'backup' | 'alertmanager'
  /** the file system of logs_dir is full: service logs, pid files and the state database cannot be written */
  | 'logs_disk'
  /** the state database refuses writes (full, locked, read-only): teachops runs from memory */
  | 'state_store';
export type AlertState = 'firing' | 'acknowledged' | 'resolved';
export type SilenceMode = '1h' | '4h' | 'resolved';
/** `alertmanager`: Alertmanager said resolved; `alertmanager_gone`: it no longer lists the alert (resolved while silenced) */
export type Resolution = 'recovered' | 'restarted' | 'running' | 'stopped' | 'backup_ok' | 'operator_restart' | 'alertmanager' | 'alertmanager_gone' | 'space_freed' | 'store_writable';
/** How far an alert escalated beyond its kind: a service_down whose restart policy gave up is a crash loop. */
export type Escalation = 'crash_loop';

/** What teachops knows about why it fired, so the alert says it and the responder need not open the thread. */
export interface AlertCause {
  /** how the process ended (known for processes this teachops spawned) */
  exit?: { code: number | null; signal: string | null };
  /** why the last automatic start failed, as the supervisor said it (a preflight refusal names the variable) */
  error?: string;
  /** the last error line of the service's log, redacted */
  log?: string;
  /** the crash-loop guard when it gave up: restarts within the window, and the most allowed */
  restarts?: { n: number; max: number; window_ms: number };
}

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
  escalation: Escalation | null;
  cause: AlertCause;
}

type RawAlert = Omit<AlertRow, 'cause'> & { cause: string | null };
const parse = (r: RawAlert | undefined): AlertRow | undefined => (r ? { ...r, cause: r.cause ? (JSON.parse(r.cause) as AlertCause) : {} } : undefined);

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
  cause?: AlertCause;
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
    return parse(this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as RawAlert | undefined);
  }

  activeByKey(key: string): AlertRow | undefined {
    return parse(this.db.prepare("SELECT * FROM alerts WHERE key = ? AND state <> 'resolved'").get(key) as RawAlert | undefined);
  }

  /** Active alerts, oldest first. */
  active(): AlertRow[] {
    return (this.db.prepare("SELECT * FROM alerts WHERE state <> 'resolved' ORDER BY id").all() as RawAlert[]).map((r) => parse(r)!);
  }

  /** The newest alerts of any state, newest first. */
  recent(limit: number): AlertRow[] {
    return (this.db.prepare('SELECT * FROM alerts ORDER BY id DESC LIMIT ?').all(limit) as RawAlert[]).map((r) => parse(r)!);
  }

  /** The newest alert of a key, whatever its state. */
  latestByKey(key: string): AlertRow | undefined {
    return parse(this.db.prepare('SELECT * FROM alerts WHERE key = ? ORDER BY id DESC LIMIT 1').get(key) as RawAlert | undefined);
  }

  /**
   * Inserts a firing alert; returns the one already active for the key (`active`); or, when the key's newest alert
   * resolved no more than `reopenWithinMs` ago, re-opens that one (`reopened`): firing again, one more fire, a new
   * reading and cause, and neither its acknowledgement, its escalation nor a silence that has run out (that episode
   * is over). Without `reopenWithinMs`, never re-opens.
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
                 detail = ?, cause = ?, escalation = NULL, acked_by = NULL, acked_at = NULL, resolved_at = NULL, resolution = NULL, resolution_note = NULL,
                 silence = CASE WHEN silenced_until IS NOT NULL AND silenced_until > ? THEN silence END,
                 silenced_by = CASE WHEN silenced_until IS NOT NULL AND silenced_until > ? THEN silenced_by END,
                 silenced_until = CASE WHEN silenced_until > ? THEN silenced_until END,
                 last_notified_at = ?
               WHERE id = ? AND state = 'resolved'`,
            )
            .run(at, at, a.value, a.threshold, a.detail, JSON.stringify(a.cause ?? {}), at, at, at, at, last.id);
          return { alert: this.get(last.id)!, outcome: 'reopened' };
        }
        const r = this.db
          .prepare(
            `INSERT INTO alerts (key, kind, service, subject, state, started_at, fired_at, updated_at, value, threshold, detail, cause, last_notified_at)
             VALUES (?, ?, ?, ?, 'firing', ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(a.key, a.kind, a.service, a.subject, at, at, at, a.value, a.threshold, a.detail, JSON.stringify(a.cause ?? {}), at);
        return { alert: this.get(Number(r.lastInsertRowid))!, outcome: 'created' };
      })
      .immediate();
  }

  /** The latest reading of a still-active alert; shown at its next render, not a notification by itself. */
  updateReading(id: number, value: number | null, detail: string | null, at: number): void {
    this.db.prepare("UPDATE alerts SET value = ?, detail = COALESCE(?, detail), updated_at = ? WHERE id = ? AND state <> 'resolved'").run(value, detail, at, id);
  }

  /** Merges what is newly known about the cause; false when nothing changed (or the alert is resolved). */
  addCause(id: number, patch: AlertCause, at: number): boolean {
    const a = this.get(id);
    if (!a || a.state === 'resolved') return false;
    const next = { ...a.cause, ...patch };
    if (JSON.stringify(next) === JSON.stringify(a.cause)) return false;
    this.db.prepare('UPDATE alerts SET cause = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(next), at, id);
    return true;
  }

  /** The alert escalates (a crash loop); false when it already had or is resolved. */
  escalate(id: number, escalation: Escalation, at: number): boolean {
    return this.db.prepare("UPDATE alerts SET escalation = ?, updated_at = ? WHERE id = ? AND state <> 'resolved' AND escalation IS NULL").run(escalation, at, id).changes === 1;
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

  /** Lifts a silence an operator set; false when there was none (or the alert is resolved). */
  unsilence(id: number, at: number): boolean {
    return (
      this.db
        .prepare("UPDATE alerts SET silence = NULL, silenced_until = NULL, silenced_by = NULL, updated_at = ? WHERE id = ? AND silence IS NOT NULL AND state <> 'resolved'")
        .run(at, id).changes === 1
    );
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

  /** The newest event of one of `types`, if any. */
  lastEvent(alertId: number, types: readonly string[]): AlertEvent | undefined {
    const r = this.db
      .prepare(`SELECT * FROM alert_events WHERE alert_id = ? AND type IN (${types.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT 1`)
      .get(alertId, ...types) as (Omit<AlertEvent, 'params'> & { params: string }) | undefined;
    return r ? { ...r, params: JSON.parse(r.params) as AlertEvent['params'] } : undefined;
  }

  /** Keeps the host snapshot taken when the alert first fired (the first one only: a re-open takes none). */
  setSnapshot(id: number, snapshot: unknown): void {
    this.db.prepare('UPDATE alerts SET snapshot = ? WHERE id = ? AND snapshot IS NULL').run(JSON.stringify(snapshot), id);
  }

  snapshotOf<T>(id: number): T | null {
    const json = this.db.prepare('SELECT snapshot FROM alerts WHERE id = ?').pluck().get(id) as string | null | undefined;
    return json ? (JSON.parse(json) as T) : null;
  }

  /** Who acknowledged it first, and when (a re-opened alert may have been acknowledged more than once). */
  firstAcknowledgement(id: number): { at: number; actor: string } | undefined {
    return this.db.prepare("SELECT at, actor FROM alert_events WHERE alert_id = ? AND type = 'acknowledged' ORDER BY at, id LIMIT 1").get(id) as { at: number; actor: string } | undefined;
  }

  events(alertId: number): AlertEvent[] {
    const rows = this.db.prepare('SELECT * FROM alert_events WHERE alert_id = ? ORDER BY id').all(alertId) as (Omit<AlertEvent, 'params'> & { params: string })[];
    return rows.map((r) => ({ ...r, params: JSON.parse(r.params) as AlertEvent['params'] }));
  }
}
