/**
 * The outbox while the state database refuses writes (pending.ts), through the pipeline's seam (OutboxStore): rows
 * appended meanwhile are held under provisional negative ids and merged into heads()/unmirrored(), after every
 * stored row of their subject (they are newer); marks on any row change it in memory. Delivery goes on from memory:
 * Slack needs no disk. At write-back, held rows are inserted in order (done ones as done, so nothing is sent
 * twice) and their provisional ids mapped to the stored ones, so a call still using one lands on the right row.
 * Negative ids cannot be confused with any id another process gives its rows meanwhile.
 * Over the bound, delivered rows go first, except the last of each named line (its message is edited in place).
 */
import type { Db } from './db.js';
import { OutboxRepo } from './outbox.js';
import type { MessageRef, OutboxEvent, OutboxRow, Subject } from '../notify/types.js';
import type { HeldOverlay, PendingWrites, WriteBack } from './pending.js';

const isOpen = (r: OutboxRow) => r.status !== 'done' && r.status !== 'failed';

export class HeldOutboxRepo extends OutboxRepo implements HeldOverlay {
  readonly droppable = 'outbox' as const;
  /** rows appended while holding, by provisional id (insertion order is their order) */
  private held = new Map<number, OutboxRow>();
  /** stored rows marked while holding: their current state */
  private marked = new Map<number, OutboxRow>();
  private seq = 0;
  /** provisional id -> stored id, once written back */
  private readonly written = new Map<number, number>();

  constructor(db: Db, private readonly w: PendingWrites) {
    super(db);
    w.register(this);
  }

  private get holding(): boolean {
    return this.held.size > 0 || this.marked.size > 0;
  }

  private real(id: number): number {
    return id < 0 ? (this.written.get(id) ?? id) : id;
  }

  override append(e: OutboxEvent, at: number): number {
    return this.w.write(
      () => super.append(e, at),
      () => {
        const id = -++this.seq;
        const row: OutboxRow = {
          id, subject: e.subject, kind: e.kind, params: (e.params ?? {}) as Record<string, unknown>, line: e.line ?? null, broadcast: e.broadcast === true,
          mention: e.mention ?? [], created_at: at, status: 'pending', attempts: 0, next_at: at, last_error: null, done_at: null, mirrored_at: null,
          destination: null, ref_channel: null, ref_ts: null,
        };
        this.held.set(id, row);
        this.w.record(() => this.held.delete(id));
        return id;
      },
    );
  }

  override get(id: number): OutboxRow | undefined {
    const r = this.real(id);
    return this.held.get(r) ?? this.marked.get(r) ?? (r > 0 ? super.get(r) : undefined);
  }

  /** Every undelivered row, stored ones (as marked) first by id, then the held ones in order. */
  private open(subject?: Subject): OutboxRow[] {
    const stored = super.pending(subject).map((r) => this.marked.get(r.id) ?? r);
    const held = [...this.held.values()].filter((r) => subject === undefined || r.subject === subject);
    return [...stored, ...held].filter(isOpen);
  }

  override heads(): OutboxRow[] {
    if (!this.holding) return super.heads();
    const first = new Map<Subject, OutboxRow>();
    for (const r of this.open()) if (!first.has(r.subject)) first.set(r.subject, r);
    return [...first.values()];
  }

  override unmirrored(): OutboxRow[] {
    if (!this.holding) return super.unmirrored();
    return this.open().filter((r) => r.mirrored_at === null);
  }

  override laterPending(row: OutboxRow): boolean {
    if (!this.holding) return super.laterPending(row);
    const rows = this.open(row.subject);
    const at = rows.findIndex((r) => r.id === row.id);
    return rows.slice(at + 1).some((r) => r.kind === row.kind);
  }

  override lineRef(subject: Subject, line: string): MessageRef | undefined {
    const held = [...this.held.values(), ...this.marked.values()]
      .filter((r) => r.subject === subject && r.line === line && r.status === 'done' && r.ref_ts !== null && r.ref_channel !== null)
      .pop();
    return held ? { channel: held.ref_channel!, ts: held.ref_ts! } : super.lineRef(subject, line);
  }

  override pendingCount(): number {
    return this.holding ? this.open().length : super.pendingCount();
  }

  override pending(subject?: Subject): OutboxRow[] {
    return this.holding ? this.open(subject) : super.pending(subject);
  }

  override forSubject(subject: Subject): OutboxRow[] {
    if (!this.holding) return super.forSubject(subject);
    return [...super.forSubject(subject).map((r) => this.marked.get(r.id) ?? r), ...[...this.held.values()].filter((r) => r.subject === subject)];
  }

  override prune(before: number): number {
    return this.holding || this.w.holding ? 0 : super.prune(before);
  }

  override markMirrored(id: number, at: number): void {
    this.mark(id, () => super.markMirrored(this.real(id), at), (r) => ({ ...r, mirrored_at: at }));
  }

  override markSending(id: number): void {
    this.mark(id, () => super.markSending(this.real(id)), (r) => ({ ...r, status: 'sending', attempts: r.attempts + 1 }));
  }

  override markDone(id: number, at: number, destination: string, ref?: MessageRef): void {
    this.mark(id, () => super.markDone(this.real(id), at, destination, ref), (r) => ({
      ...r, status: 'done', done_at: at, destination, ref_channel: ref?.channel ?? r.ref_channel, ref_ts: ref?.ts ?? r.ref_ts, last_error: null,
    }));
  }

  override markMaybeSent(id: number, nextAt: number, error: string): void {
    this.mark(id, () => super.markMaybeSent(this.real(id), nextAt, error), (r) => ({ ...r, status: 'maybe_sent', next_at: nextAt, last_error: error }));
  }

  override retryAt(id: number, nextAt: number, error: string, count = true): void {
    this.mark(id, () => super.retryAt(this.real(id), nextAt, error, count), (r) => ({ ...r, status: 'pending', next_at: nextAt, last_error: error, attempts: r.attempts - (count ? 0 : 1) }));
  }

  override markFailed(id: number, at: number, error: string): void {
    this.mark(id, () => super.markFailed(this.real(id), at, error), (r) => ({ ...r, status: 'failed', done_at: at, last_error: error }));
  }

  /** A held row changes in memory whatever the database does; a stored one is written, or marked in memory. */
  private mark(id: number, direct: () => void, fn: (r: OutboxRow) => OutboxRow): void {
    const r = this.real(id);
    const held = this.held.get(r);
    if (held) {
      this.held.set(r, fn(held));
      return;
    }
    if (r < 0) return;
    this.w.write(direct, () => {
      const current = this.marked.get(r) ?? super.get(r);
      if (current) this.marked.set(r, fn(current));
    });
  }

  size(): number {
    return this.held.size + this.marked.size;
  }

  /** A call under way under a provisional id: written back once it has its answer. */
  busy(): boolean {
    return [...this.held.values()].some((r) => r.status === 'sending');
  }

  /** Delivered rows, oldest first, but never the last one of a named line (a later row edits its message). */
  drop(n: number): number {
    const lastOfLine = new Map<string, number>();
    for (const r of this.held.values()) if (r.line !== null && r.status === 'done') lastOfLine.set(`${r.subject}\0${r.line}`, r.id);
    let k = 0;
    for (const r of [...this.held.values()]) {
      if (k >= n) break;
      if (isOpen(r) || (r.line !== null && lastOfLine.get(`${r.subject}\0${r.line}`) === r.id)) continue;
      this.held.delete(r.id);
      k++;
    }
    return k;
  }

  writeBack(ctx: WriteBack): void {
    const update = ctx.db.prepare(
      `UPDATE outbox SET status = @status, attempts = @attempts, next_at = @next_at, last_error = @last_error, done_at = @done_at,
         mirrored_at = @mirrored_at, destination = @destination, ref_channel = @ref_channel, ref_ts = @ref_ts WHERE id = @id`,
    );
    for (const r of this.marked.values()) update.run(r);
    const insert = ctx.db.prepare(
      `INSERT INTO outbox (subject, kind, params, line, broadcast, mention, created_at, status, attempts, next_at, last_error, done_at, mirrored_at, destination, ref_channel, ref_ts)
       VALUES (@subject, @kind, @params, @line, @broadcast, @mention, @created_at, @status, @attempts, @next_at, @last_error, @done_at, @mirrored_at, @destination, @ref_channel, @ref_ts)`,
    );
    const pending: [number, number][] = [];
    for (const r of this.held.values()) {
      const moved = /^alert:(\d+)$/.exec(r.subject);
      const subject = moved ? `alert:${ctx.movedAlerts.get(Number(moved[1])) ?? moved[1]}` : r.subject;
      const res = insert.run({ ...r, subject, params: JSON.stringify(r.params), mention: JSON.stringify(r.mention), broadcast: r.broadcast ? 1 : 0 });
      pending.push([r.id, Number(res.lastInsertRowid)]);
    }
    // Remembered only once committed: clear() runs after the transaction.
    this.toRemember = pending;
  }

  private toRemember: [number, number][] = [];

  clear(): void {
    for (const [from, to] of this.toRemember) this.written.set(from, to);
    this.toRemember = [];
    this.held.clear();
    this.marked.clear();
  }
}
