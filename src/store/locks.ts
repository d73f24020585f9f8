/**
 * Cross-process lifecycle locks ("one start/stop/restart of a service at a time across every process").
 * A lock is a row naming its holder by pid + start time + boot id, so a lock whose holder died (even by SIGKILL)
 * is recognised as dead and taken over: it cannot stay stuck. Acquisition runs in an IMMEDIATE transaction, so two
 * processes never both see the lock free.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';
import { bootId, identityOf, sameProcessAlive } from '../util/proc.js';
import { sleep } from '../clock.js';

export interface LockRow {
  name: string;
  token: string;
  holder_pid: number;
  holder_start: string;
  holder_boot: string;
  purpose: string;
  acquired_at: number;
}

export interface HeldLock {
  name: string;
  token: string;
  release(): void;
}

/** Tokens held by this process; a row of our own pid whose token is not here is a leftover of a finished operation. */
const heldHere = new Set<string>();

export class LockRepo {
  constructor(protected readonly db: Db) {}

  /** Holder of a live lock, or undefined when the lock is free (or held by a dead process). */
  holder(name: string): LockRow | undefined {
    const row = this.db.prepare('SELECT * FROM locks WHERE name = ?').get(name) as LockRow | undefined;
    return row && this.isLive(row) ? row : undefined;
  }

  protected isLive(row: LockRow): boolean {
    if (row.holder_pid === process.pid && row.holder_boot === bootId()) return heldHere.has(row.token);
    return sameProcessAlive({ pid: row.holder_pid, startTime: row.holder_start, bootId: row.holder_boot });
  }

  /** One attempt: the lock, or the live holder that has it. */
  tryAcquire(name: string, purpose: string, now = Date.now()): HeldLock | { heldBy: LockRow } {
    const me = identityOf(process.pid);
    const token = randomUUID();
    const result = this.db
      .transaction((): LockRow | undefined => {
        const row = this.db.prepare('SELECT * FROM locks WHERE name = ?').get(name) as LockRow | undefined;
        if (row && this.isLive(row)) return row;
        this.db
          .prepare(
            `INSERT INTO locks (name, token, holder_pid, holder_start, holder_boot, purpose, acquired_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(name) DO UPDATE SET token = excluded.token, holder_pid = excluded.holder_pid,
               holder_start = excluded.holder_start, holder_boot = excluded.holder_boot, purpose = excluded.purpose,
               acquired_at = excluded.acquired_at`,
          )
          .run(name, token, process.pid, me?.startTime ?? '', bootId(), purpose, now);
        return undefined;
      })
      .immediate();
    if (result) return { heldBy: result };
    return this.held(name, token);
  }

  /** The handle of a lock this process holds under `token`. */
  protected held(name: string, token: string): HeldLock {
    heldHere.add(token);
    return {
      name,
      token,
      release: () => {
        heldHere.delete(token);
        this.deleteRow(name, token);
      },
    };
  }

  protected deleteRow(name: string, token: string): void {
    this.db.prepare('DELETE FROM locks WHERE name = ? AND token = ?').run(name, token);
  }

  /**
   * Waits for the lock up to `timeoutMs`. `onWait` is called once, with the holder, when the lock is busy, so a caller
   * can say "waiting for the restart of llm started by pid 1234".
   */
  async acquire(
    name: string,
    purpose: string,
    opts: { timeoutMs: number; pollMs?: number; onWait?: (holder: LockRow) => void },
  ): Promise<HeldLock | { heldBy: LockRow }> {
    const deadline = Date.now() + opts.timeoutMs;
    let told = false;
    for (;;) {
      const r = this.tryAcquire(name, purpose);
      if ('release' in r) return r;
      if (!told) {
        opts.onWait?.(r.heldBy);
        told = true;
      }
      if (Date.now() >= deadline) return r;
      await sleep(opts.pollMs ?? 50);
    }
  }

  /** Removes locks whose holder is gone; returns what it removed (for `teach cleanup`). */
  sweepDead(): LockRow[] {
    const rows = this.db.prepare('SELECT * FROM locks').all() as LockRow[];
    const dead = rows.filter((r) => !this.isLive(r));
    const del = this.db.prepare('DELETE FROM locks WHERE name = ? AND token = ?');
    for (const r of dead) del.run(r.name, r.token);
    return dead;
  }
}
