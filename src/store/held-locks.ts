/**
 * Lifecycle locks while the state database refuses writes (pending.ts): the daemon's own restarts take their lock
 * in memory, so a crash is restarted without a lock row. Why that is safe:
 * - every teachops process takes a lock row in one short IMMEDIATE transaction, so it needs the very write access
 *   the database is refusing; while it refuses, no other process can take a lock either, and any lock row taken
 *   before is still read (reads work: WAL readers never wait for the writer) and respected here;
 * - a lock is not granted in memory while the database is merely busy for less than `fallbackAfterMs`: that is
 *   another process's transaction finishing (perhaps the one taking this very lock), which is then seen;
 * - in-process, the supervisor already queues operations per service (src/supervisor/lock.ts);
 * - at write-back, the locks still held are written first, and a row someone else managed to take meanwhile is not
 *   overwritten but reported (lock_conflict), so the operator hears of the one case this cannot rule out: another
 *   process committing to a database that was refusing our writes (a disk full for us, not for a smaller write).
 * A CLI never holds locks in memory: its lock must be seen by the daemon and by other CLIs.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';
import { LockRepo, type HeldLock, type LockRow } from './locks.js';
import type { HeldOverlay, PendingWrites, WriteBack } from './pending.js';
import { sqliteCode } from './unwritable.js';
import { bootId, identityOf } from '../util/proc.js';

/** The purpose of the stand-in holder returned while the database is busy and no lock can be granted yet. */
export const STORE_BUSY_PURPOSE = 'the state database is busy';

/** A "holder" that is the busy database itself (its token is empty): wait and try again. */
export function isStoreBusy(row: LockRow): boolean {
  return row.token === '' && row.purpose === STORE_BUSY_PURPOSE;
}

export class HeldLockRepo extends LockRepo implements HeldOverlay {
  /** locks granted in memory, not yet rows */
  private mem = new Map<string, LockRow>();
  /** stored rows of ours released while holding */
  private releases: { name: string; token: string }[] = [];

  constructor(db: Db, private readonly w: PendingWrites, private readonly fallbackAfterMs = 2000, private readonly now: () => number = Date.now) {
    super(db);
    w.register(this);
  }

  override holder(name: string): LockRow | undefined {
    return this.mem.get(name) ?? super.holder(name);
  }

  override tryAcquire(name: string, purpose: string, now = Date.now()): HeldLock | { heldBy: LockRow } {
    return this.w.write(
      () => super.tryAcquire(name, purpose, now),
      () => {
        const live = this.holder(name);
        if (live) return { heldBy: live };
        if (!this.mayGrant()) return { heldBy: { name, token: '', holder_pid: 0, holder_start: '', holder_boot: '', purpose: STORE_BUSY_PURPOSE, acquired_at: now } };
        const token = randomUUID();
        this.mem.set(name, { name, token, holder_pid: process.pid, holder_start: identityOf(process.pid)?.startTime ?? '', holder_boot: bootId(), purpose, acquired_at: now });
        return this.held(name, token);
      },
    );
  }

  /** Busy (a lock, not a full disk or a read-only file) and only for a moment: another writer is finishing. */
  private mayGrant(): boolean {
    const s = this.w.state();
    if (!s) return true;
    const busy = /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(s.error));
    return !busy || this.now() - s.since >= this.fallbackAfterMs;
  }

  protected override deleteRow(name: string, token: string): void {
    if (this.mem.get(name)?.token === token) {
      this.mem.delete(name);
      return;
    }
    this.w.write(
      () => super.deleteRow(name, token),
      () => void this.releases.push({ name, token }),
    );
  }

  override sweepDead(): LockRow[] {
    return this.w.holding ? [] : super.sweepDead();
  }

  size(): number {
    return this.mem.size + this.releases.length;
  }

  writeBack(ctx: WriteBack): void {
    const read = ctx.db.prepare('SELECT * FROM locks WHERE name = ?');
    const upsert = ctx.db.prepare(
      `INSERT INTO locks (name, token, holder_pid, holder_start, holder_boot, purpose, acquired_at)
       VALUES (@name, @token, @holder_pid, @holder_start, @holder_boot, @purpose, @acquired_at)
       ON CONFLICT(name) DO UPDATE SET token = excluded.token, holder_pid = excluded.holder_pid, holder_start = excluded.holder_start,
         holder_boot = excluded.holder_boot, purpose = excluded.purpose, acquired_at = excluded.acquired_at`,
    );
    for (const row of this.mem.values()) {
      const existing = read.get(row.name) as LockRow | undefined;
      if (existing && existing.token !== row.token && this.isLive(existing)) {
        ctx.log('lock_conflict', { name: row.name, pid: existing.holder_pid });
        continue;
      }
      upsert.run(row);
    }
    const del = ctx.db.prepare('DELETE FROM locks WHERE name = ? AND token = ?');
    for (const r of this.releases) del.run(r.name, r.token);
  }

  clear(): void {
    this.mem.clear();
    this.releases = [];
  }
}
