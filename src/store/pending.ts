/**
 * Pending writes: what `teach run` could not write to the state database (disk full, another connection holding
 * the lock, the file read-only, an I/O error), held in memory and written back, in one transaction, once the
 * database takes writes again. A supervisor must keep restarting and alerting without its disk.
 *
 * - Writes try the database first (with a short busy timeout: better-sqlite3 is synchronous, a long one would
 *   freeze the event loop). The first refused write starts holding; from then on every write is held, in order,
 *   until a write-back succeeds, so nothing written later can overtake something held earlier.
 * - Each repository keeps what it holds as an overlay (held-*.ts) and merges it into its reads, so the daemon
 *   sees its own writes: the alert it just raised is active, the row it just queued is due.
 * - `transaction(fn)` is one atomic change (alert + event + outbox rows): written in one IMMEDIATE transaction, or
 *   if the database refuses it, run again against the overlays, all or nothing (an undo log).
 * - The bound: at most `limit` held entries. Over it, the least useful go first, counted and said: monitor samples
 *   (only the latest per subject is kept anyway), audit records, alert history lines, records of notifications
 *   already delivered. Alerts, undelivered notifications, desired state, locks and stats are never dropped.
 * - Only the daemon holds (`hold: true`); a CLI process would lose what it held when it exits, so there a refused
 *   write is an error that says why (StoreUnwritableError).
 * - A raw transaction of another repository (incidents) is left alone: its writes go to the database with it,
 *   all or nothing, and fail together.
 */
import type { Db } from './db.js';
import { isUnwritable } from './unwritable.js';

/** What a write-back needs: the database (inside the write-back's transaction) and alert numbers that had to move. */
export interface WriteBack {
  db: Db;
  /** predicted alert id -> the id it was stored under (only when the predicted one was taken meanwhile) */
  movedAlerts: Map<number, number>;
  log: (key: 'lock_conflict' | 'id_moved', params: Record<string, string | number>) => void;
}

/** One repository's held writes. */
export interface HeldOverlay {
  /** held entries (rows and records), for the bound and the summary */
  size(): number;
  /** writes everything it holds; runs inside the write-back transaction (a refusal rolls all of it back) */
  writeBack(ctx: WriteBack): void;
  /** after a committed write-back: forget what was written */
  clear(): void;
  /** the kind of entries `drop` gives up, when it can give any up */
  readonly droppable?: DropKind;
  /** gives up to `n` of its oldest droppable entries; returns how many it gave up */
  drop?(n: number): number;
  /** true while an entry must not be written yet (a delivery call in flight under a provisional id) */
  busy?(): boolean;
}

export type DropKind = 'samples' | 'audit' | 'events' | 'outbox';
const DROP_ORDER: readonly DropKind[] = ['samples', 'audit', 'events', 'outbox'];

export interface WriteBackSummary {
  written: number;
  heldMs: number;
  dropped: Partial<Record<DropKind, number>>;
}

export type FlushOutcome = 'nothing' | 'written' | 'refused' | 'deferred';

export interface PendingOptions {
  /** hold refused writes (the daemon) or throw them (a CLI) */
  hold: boolean;
  limit?: number;
  now?: () => number;
}

export const DEFAULT_LIMIT = 10_000;

export class PendingWrites {
  private since: number | undefined;
  private error: unknown;
  private undo: (() => void)[] | undefined;
  private direct = false;
  private readonly overlays: HeldOverlay[] = [];
  private readonly dropped = new Map<DropKind, number>();
  private overBoundSaid = false;
  private last: WriteBackSummary | undefined;
  private readonly listeners = new Set<(e: PendingEvent) => void>();
  readonly limit: number;
  private readonly now: () => number;

  constructor(private readonly db: Db, private readonly opts: PendingOptions) {
    this.limit = opts.limit ?? DEFAULT_LIMIT;
    this.now = opts.now ?? Date.now;
  }

  get holding(): boolean {
    return this.since !== undefined;
  }

  /** whether refused writes are held here (the daemon) or thrown (a CLI) */
  get holds(): boolean {
    return this.opts.hold;
  }

  /** How long writes have been held (0 while the database takes them). */
  heldForMs(): number {
    return this.since === undefined ? 0 : this.now() - this.since;
  }

  /** The last completed write-back, for the message that says the database takes writes again. */
  lastWriteBack(): WriteBackSummary | undefined {
    return this.last;
  }

  /** When holding began and the last refusal seen, or undefined while the database takes writes. */
  state(): { since: number; error: unknown } | undefined {
    return this.since === undefined ? undefined : { since: this.since, error: this.error };
  }

  size(): number {
    return this.overlays.reduce((n, o) => n + o.size(), 0);
  }

  register(o: HeldOverlay): void {
    this.overlays.push(o);
  }

  on(listener: (e: PendingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A single write: to the database, or held (`held`) when it refuses or writes are already being held. */
  write<T>(direct: () => T, held: () => T): T {
    if (this.undo) return held();
    if (this.direct || this.db.inTransaction) return direct();
    if (this.holding) return this.afterHeld(held());
    try {
      return direct();
    } catch (e) {
      if (!this.opts.hold || !isUnwritable(e)) throw e;
      this.start(e);
      return this.afterHeld(held());
    }
  }

  /** One atomic change (IMMEDIATE), held as a whole when the database refuses it. */
  transaction<T>(fn: () => T): T {
    if (this.undo || this.direct) return fn();
    if (!this.holding) {
      this.direct = true;
      try {
        return this.db.transaction(fn).immediate();
      } catch (e) {
        if (!this.opts.hold || !isUnwritable(e)) throw e;
        this.start(e);
      } finally {
        this.direct = false;
      }
    }
    const undo: (() => void)[] = [];
    this.undo = undo;
    try {
      const r = fn();
      this.undo = undefined;
      return this.afterHeld(r);
    } catch (e) {
      this.undo = undefined;
      for (const u of undo.reverse()) u();
      throw e;
    }
  }

  /** Overlays call this before each change they make, with how to take it back (inside a held transaction). */
  record(undo: () => void): void {
    this.undo?.push(undo);
  }

  /**
   * Writes everything held, in one IMMEDIATE transaction. 'deferred' while an entry must wait (or a transaction is
   * open); 'refused' when the database still refuses (nothing written, everything still held).
   */
  flush(log: WriteBack['log'] = () => undefined): FlushOutcome {
    if (!this.holding) return 'nothing';
    if (this.undo || this.direct || this.db.inTransaction || this.overlays.some((o) => o.busy?.())) return 'deferred';
    const ctx: WriteBack = { db: this.db, movedAlerts: new Map(), log };
    // A try does not wait for another connection's lock at all: the event loop pays nothing for a database that
    // stays locked, and the write-back part simply tries again (a CLI's short transaction is over by then).
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.db.transaction(() => {
        for (const o of this.overlays) o.writeBack(ctx);
      }).immediate();
    } catch (e) {
      if (!isUnwritable(e)) throw e;
      this.error = e;
      return 'refused';
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
    const summary: WriteBackSummary = { written: this.size(), heldMs: this.now() - this.since!, dropped: Object.fromEntries(this.dropped) };
    for (const o of this.overlays) o.clear();
    this.since = undefined;
    this.error = undefined;
    this.dropped.clear();
    this.overBoundSaid = false;
    this.last = summary;
    this.emit({ type: 'written', summary });
    return 'written';
  }

  private start(e: unknown): void {
    this.since = this.now();
    this.error = e;
    this.emit({ type: 'holding', error: e });
  }

  private afterHeld<T>(r: T): T {
    this.enforceBound();
    this.emit({ type: 'held' });
    return r;
  }

  /** Over the bound: give up the least useful entries first; alerts and undelivered notifications never. */
  private enforceBound(): void {
    let over = this.size() - this.limit;
    if (over <= 0) return;
    for (const kind of DROP_ORDER) {
      for (const o of this.overlays) {
        if (over <= 0 || o.droppable !== kind || !o.drop) continue;
        const n = o.drop(over);
        if (n > 0) this.dropped.set(kind, (this.dropped.get(kind) ?? 0) + n);
        over -= n;
      }
    }
    if (over > 0 && !this.overBoundSaid) {
      this.overBoundSaid = true;
      this.emit({ type: 'over_bound', size: this.size() });
    }
  }

  /** Counts a dropped entry that an overlay replaced on its own (an older monitor sample of the same subject). */
  countDropped(kind: DropKind, n = 1): void {
    this.dropped.set(kind, (this.dropped.get(kind) ?? 0) + n);
  }

  private emit(e: PendingEvent): void {
    for (const l of this.listeners) l(e);
  }
}

export type PendingEvent =
  | { type: 'holding'; error: unknown }
  | { type: 'held' }
  | { type: 'over_bound'; size: number }
  | { type: 'written'; summary: WriteBackSummary };
