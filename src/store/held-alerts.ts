/**
 * Alerts while the state database refuses writes (pending.ts): raised, re-opened, acknowledged and resolved in
 * memory, with the same rules as the SQL in alerts.ts, and written back with their history once it takes writes.
 * A new alert gets the number the database will give it (the next AUTOINCREMENT value): only `teach run` opens
 * alerts, so nobody else can take that number meanwhile, and the number people see in Slack and on the console
 * stays true. Should it be taken anyway, the alert is stored under a new one and the move is said.
 */
import type { Db } from './db.js';
import { AlertRepo, type AlertCause, type AlertEvent, type AlertRow, type Escalation, type NewAlert, type OpenOutcome, type Resolution, type SilenceMode } from './alerts.js';
import type { HeldOverlay, PendingWrites, WriteBack } from './pending.js';

const COLUMNS = [
  'key', 'kind', 'service', 'subject', 'state', 'started_at', 'fired_at', 'fire_count', 'updated_at', 'value', 'threshold', 'detail', 'acked_by',
  'acked_at', 'resolved_at', 'resolution', 'resolution_note', 'silence', 'silenced_until', 'silenced_by', 'last_notified_at', 'slack_channel', 'slack_ts',
  'escalation', 'cause',
] as const;

/** A row as SQLite binds it: the cause as its JSON text. */
const bind = (r: AlertRow) => ({ ...Object.fromEntries(COLUMNS.map((c) => [c, r[c]])), id: r.id, cause: JSON.stringify(r.cause ?? {}) });

type HeldEvent = Omit<AlertEvent, 'id'>;

export class HeldAlertRepo extends AlertRepo implements HeldOverlay {
  readonly droppable = 'events' as const;
  /** alerts changed while holding: their current state */
  private rows = new Map<number, AlertRow>();
  /** of those, the ones created while holding */
  private created = new Set<number>();
  private heldEvents: HeldEvent[] = [];
  /** host snapshots taken while holding (the first per alert, as setSnapshot keeps) */
  private snapshots = new Map<number, unknown>();
  private nextId: number | undefined;

  constructor(db: Db, private readonly w: PendingWrites) {
    super(db);
    w.register(this);
  }

  private get holding(): boolean {
    return this.rows.size > 0 || this.heldEvents.length > 0;
  }

  private mine(r: AlertRow | undefined): AlertRow | undefined {
    return r && (this.rows.get(r.id) ?? r);
  }

  override get(id: number): AlertRow | undefined {
    return this.rows.get(id) ?? super.get(id);
  }

  override activeByKey(key: string): AlertRow | undefined {
    if (!this.holding) return super.activeByKey(key);
    const found = [this.mine(super.activeByKey(key)), ...[...this.rows.values()].filter((r) => r.key === key)];
    return found.filter((r): r is AlertRow => r !== undefined && r.state !== 'resolved').sort((a, b) => b.id - a.id)[0];
  }

  override active(): AlertRow[] {
    if (!this.holding) return super.active();
    return this.merged(super.active()).filter((r) => r.state !== 'resolved').sort((a, b) => a.id - b.id);
  }

  override recent(limit: number): AlertRow[] {
    if (!this.holding) return super.recent(limit);
    return this.merged(super.recent(limit)).sort((a, b) => b.id - a.id).slice(0, limit);
  }

  override latestByKey(key: string): AlertRow | undefined {
    if (!this.holding) return super.latestByKey(key);
    const found = [this.mine(super.latestByKey(key)), ...[...this.rows.values()].filter((r) => r.key === key)];
    return found.filter((r): r is AlertRow => r !== undefined).sort((a, b) => b.id - a.id)[0];
  }

  override lastEvent(alertId: number, types: readonly string[]): AlertEvent | undefined {
    const held = this.events(alertId).filter((e) => e.id < 0 && types.includes(e.type)).pop();
    return held ?? super.lastEvent(alertId, types);
  }

  override firstAcknowledgement(id: number): { at: number; actor: string } | undefined {
    const stored = super.firstAcknowledgement(id);
    if (stored) return stored;
    const held = this.heldEvents.find((e) => e.alert_id === id && e.type === 'acknowledged');
    return held && { at: held.at, actor: held.actor };
  }

  override snapshotOf<T>(id: number): T | null {
    return (this.snapshots.get(id) as T | undefined) ?? super.snapshotOf<T>(id);
  }

  override setSnapshot(id: number, snapshot: unknown): void {
    this.w.write(
      () => super.setSnapshot(id, snapshot),
      () => {
        if (this.snapshots.has(id) || super.snapshotOf(id) !== null) return;
        this.w.record(() => this.snapshots.delete(id));
        this.snapshots.set(id, JSON.parse(JSON.stringify(snapshot ?? null)) as unknown);
      },
    );
  }

  override events(alertId: number): AlertEvent[] {
    const held = this.heldEvents.filter((e) => e.alert_id === alertId).map((e, i) => ({ ...e, id: -(i + 1) }));
    return [...super.events(alertId), ...held];
  }

  /** Stored rows replaced by their held state, plus the alerts created while holding. */
  private merged(stored: AlertRow[]): AlertRow[] {
    const out = new Map(stored.map((r) => [r.id, this.rows.get(r.id) ?? r]));
    for (const r of this.rows.values()) out.set(r.id, r);
    return [...out.values()];
  }

  override open(a: NewAlert, at: number, reopenWithinMs?: number): { alert: AlertRow; outcome: OpenOutcome } {
    return this.w.write(
      () => super.open(a, at, reopenWithinMs),
      () => {
        const existing = this.activeByKey(a.key);
        if (existing) return { alert: existing, outcome: 'active' as const };
        const last = this.latestByKey(a.key);
        if (reopenWithinMs !== undefined && last?.resolved_at != null && at - last.resolved_at <= reopenWithinMs) {
          // As the UPDATE in alerts.ts: a timed silence still running carries over; nothing else of that episode does.
          const keep = last.silenced_until !== null && last.silenced_until > at;
          return {
            alert: this.put({
              ...last, state: 'firing', fired_at: at, fire_count: last.fire_count + 1, updated_at: at, value: a.value, threshold: a.threshold, detail: a.detail,
              cause: a.cause ?? {}, escalation: null, acked_by: null, acked_at: null, resolved_at: null, resolution: null, resolution_note: null,
              silence: keep ? last.silence : null, silenced_by: keep ? last.silenced_by : null, silenced_until: keep ? last.silenced_until : null,
              last_notified_at: at,
            }),
            outcome: 'reopened' as const,
          };
        }
        this.nextId ??= this.predictId();
        const row: AlertRow = {
          id: this.nextId++, ...a, state: 'firing', started_at: at, fired_at: at, fire_count: 1, updated_at: at, acked_by: null, acked_at: null,
          resolved_at: null, resolution: null, resolution_note: null, silence: null, silenced_until: null, silenced_by: null, last_notified_at: at,
          slack_channel: null, slack_ts: null, escalation: null, cause: a.cause ?? {},
        };
        return { alert: this.put(row, true), outcome: 'created' as const };
      },
    );
  }

  override updateReading(id: number, value: number | null, detail: string | null, at: number): void {
    this.w.write(
      () => super.updateReading(id, value, detail, at),
      () => void this.change(id, (r) => r.state !== 'resolved' && { ...r, value, detail: detail ?? r.detail, updated_at: at }),
    );
  }

  override addCause(id: number, patch: AlertCause, at: number): boolean {
    return this.w.write(
      () => super.addCause(id, patch, at),
      () =>
        this.change(id, (r) => {
          const cause = { ...r.cause, ...patch };
          return r.state !== 'resolved' && JSON.stringify(cause) !== JSON.stringify(r.cause) && { ...r, cause, updated_at: at };
        }),
    );
  }

  override escalate(id: number, escalation: Escalation, at: number): boolean {
    return this.w.write(
      () => super.escalate(id, escalation, at),
      () => this.change(id, (r) => r.state !== 'resolved' && r.escalation === null && { ...r, escalation, updated_at: at }),
    );
  }

  override unsilence(id: number, at: number): boolean {
    return this.w.write(
      () => super.unsilence(id, at),
      () => this.change(id, (r) => r.state !== 'resolved' && r.silence !== null && { ...r, silence: null, silenced_until: null, silenced_by: null, updated_at: at }),
    );
  }

  override acknowledge(id: number, by: string, at: number): boolean {
    return this.w.write(
      () => super.acknowledge(id, by, at),
      () => this.change(id, (r) => r.state === 'firing' && { ...r, state: 'acknowledged', acked_by: by, acked_at: at, updated_at: at }),
    );
  }

  override silence(id: number, mode: SilenceMode, until: number | null, by: string, at: number): boolean {
    return this.w.write(
      () => super.silence(id, mode, until, by, at),
      () => this.change(id, (r) => r.state !== 'resolved' && { ...r, silence: mode, silenced_until: until, silenced_by: by, updated_at: at }),
    );
  }

  override clearSilence(id: number, at: number): void {
    this.w.write(
      () => super.clearSilence(id, at),
      () => void this.change(id, (r) => ({ ...r, silence: null, silenced_until: null, silenced_by: null, updated_at: at })),
    );
  }

  override resolve(id: number, resolution: Resolution, note: string | null, at: number): boolean {
    return this.w.write(
      () => super.resolve(id, resolution, note, at),
      () =>
        this.change(id, (r) => r.state !== 'resolved' && {
          ...r, state: 'resolved', resolved_at: at, resolution, resolution_note: note, updated_at: at, silence: r.silence === 'resolved' ? null : r.silence,
        }),
    );
  }

  override markNotified(id: number, at: number): void {
    this.w.write(() => super.markNotified(id, at), () => void this.change(id, (r) => ({ ...r, last_notified_at: at })));
  }

  override setMessage(id: number, channel: string, ts: string): void {
    this.w.write(() => super.setMessage(id, channel, ts), () => void this.change(id, (r) => ({ ...r, slack_channel: channel, slack_ts: ts })));
  }

  override addEvent(e: Omit<AlertEvent, 'id'>): number {
    return this.w.write(
      () => super.addEvent(e),
      () => {
        this.heldEvents.push(e);
        this.w.record(() => this.heldEvents.pop());
        return -this.heldEvents.length;
      },
    );
  }

  /** Applies `fn` to the alert's current state; false (nothing changed) when it returns false or there is no such alert. */
  private change(id: number, fn: (r: AlertRow) => AlertRow | false): boolean {
    const current = this.get(id);
    const next = current && fn(current);
    if (!next) return false;
    this.put(next);
    return true;
  }

  private put(row: AlertRow, isNew = false): AlertRow {
    const before = this.rows.get(row.id);
    this.w.record(() => {
      if (before) this.rows.set(row.id, before);
      else this.rows.delete(row.id);
      if (isNew) this.created.delete(row.id);
    });
    this.rows.set(row.id, row);
    if (isNew) this.created.add(row.id);
    return row;
  }

  private predictId(): number {
    const seq = (this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'alerts'").pluck().get() as number | undefined) ?? 0;
    const max = (this.db.prepare('SELECT MAX(id) FROM alerts').pluck().get() as number | null) ?? 0;
    return Math.max(seq, max) + 1;
  }

  size(): number {
    return this.rows.size + this.heldEvents.length + this.snapshots.size;
  }

  drop(n: number): number {
    const k = Math.min(n, this.heldEvents.length);
    this.heldEvents.splice(0, k);
    return k;
  }

  writeBack(ctx: WriteBack): void {
    const sets = COLUMNS.map((c) => `${c} = @${c}`).join(', ');
    const update = ctx.db.prepare(`UPDATE alerts SET ${sets} WHERE id = @id`);
    for (const r of this.rows.values()) if (!this.created.has(r.id)) update.run(bind(r));
    // Updates first: a stored alert resolved while holding makes room (one active per key) for a new one of its key.
    const taken = ctx.db.prepare('SELECT 1 FROM alerts WHERE id = ?').pluck();
    const cols = COLUMNS.join(', ');
    const vals = COLUMNS.map((c) => `@${c}`).join(', ');
    const withId = ctx.db.prepare(`INSERT INTO alerts (id, ${cols}) VALUES (@id, ${vals})`);
    const withoutId = ctx.db.prepare(`INSERT INTO alerts (${cols}) VALUES (${vals})`);
    for (const id of [...this.created].sort((a, b) => a - b)) {
      const r = this.rows.get(id)!;
      if (taken.get(id) === undefined) {
        withId.run(bind(r));
        continue;
      }
      const { id: _id, ...unnumbered } = bind(r);
      const moved = Number(withoutId.run(unnumbered).lastInsertRowid);
      ctx.movedAlerts.set(id, moved);
      ctx.log('id_moved', { from: id, to: moved });
    }
    const event = ctx.db.prepare('INSERT INTO alert_events (alert_id, at, type, actor, text_key, params) VALUES (?, ?, ?, ?, ?, ?)');
    for (const e of this.heldEvents) event.run(ctx.movedAlerts.get(e.alert_id) ?? e.alert_id, e.at, e.type, e.actor, e.text_key, JSON.stringify(e.params));
    const snapshot = ctx.db.prepare('UPDATE alerts SET snapshot = ? WHERE id = ? AND snapshot IS NULL');
    for (const [id, s] of this.snapshots) snapshot.run(JSON.stringify(s), ctx.movedAlerts.get(id) ?? id);
  }

  clear(): void {
    this.rows.clear();
    this.created.clear();
    this.heldEvents = [];
    this.snapshots.clear();
    this.nextId = undefined;
  }
}
