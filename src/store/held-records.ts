/**
 * Records written while the state database refuses writes (pending.ts): audit rows (kept in order, written back
 * with their original times; the first to go when the bound is reached after samples), monitor samples (a rolling
 * hour rewritten every interval: only the latest per subject is held, the ones it replaces are counted as dropped)
 * and Slack button tokens (a `/teach status` with a Restart button must work from memory too).
 */
import type { Db } from './db.js';
import { AuditRepo, type AuditEntry } from './audit.js';
import { ButtonRepo, type ButtonResult, type ButtonToken, type ConsumeResult } from './buttons.js';
import type { HeldOverlay, PendingWrites, WriteBack } from './pending.js';
import { SampleRepo, type HostSampleData, type SampleRow, type ServiceSampleData } from './samples.js';

export class HeldAuditRepo extends AuditRepo implements HeldOverlay {
  readonly droppable = 'audit' as const;
  private held: AuditEntry[] = [];
  constructor(db: Db, private readonly w: PendingWrites) {
    super(db);
    w.register(this);
  }
  override record(e: AuditEntry): number {
    return this.w.write(
      () => super.record(e),
      () => {
        this.held.push(e);
        this.w.record(() => this.held.pop());
        return -this.held.length;
      },
    );
  }
  size = () => this.held.length;
  drop(n: number): number {
    return this.held.splice(0, Math.min(n, this.held.length)).length;
  }
  writeBack(ctx: WriteBack): void {
    const repo = new AuditRepo(ctx.db);
    for (const e of this.held) repo.record(e);
  }
  clear = () => void (this.held = []);
}

type Sample = { data: HostSampleData | ServiceSampleData; at: number };

export class HeldSampleRepo extends SampleRepo implements HeldOverlay {
  readonly droppable = 'samples' as const;
  private held = new Map<string, Sample>();
  constructor(db: Db, private readonly w: PendingWrites) {
    super(db);
    w.register(this);
  }
  override add(subject: string, data: HostSampleData | ServiceSampleData, at: number): void {
    this.w.write(
      () => super.add(subject, data, at),
      () => {
        if (this.held.has(subject)) this.w.countDropped('samples');
        this.held.set(subject, { data, at });
      },
    );
  }
  override since<T = HostSampleData | ServiceSampleData>(subject: string, from: number): SampleRow<T>[] {
    const h = this.held.get(subject);
    const stored = super.since<T>(subject, from);
    return h && h.at >= from ? [...stored, { at: h.at, subject, data: h.data as T }] : stored;
  }
  override latest<T = HostSampleData | ServiceSampleData>(subject: string): SampleRow<T> | undefined {
    const h = this.held.get(subject);
    return h ? { at: h.at, subject, data: h.data as T } : super.latest<T>(subject);
  }
  override latestSince<T = HostSampleData | ServiceSampleData>(from: number): Map<string, SampleRow<T>> {
    const latest = super.latestSince<T>(from);
    for (const [subject, h] of this.held) if (h.at >= from) latest.set(subject, { at: h.at, subject, data: h.data as T });
    return latest;
  }
  override prune(before: number): number {
    return this.w.holding ? 0 : super.prune(before);
  }
  size = () => this.held.size;
  drop(n: number): number {
    let k = 0;
    for (const key of [...this.held.keys()]) {
      if (k >= n) break;
      this.held.delete(key);
      k++;
    }
    return k;
  }
  writeBack(ctx: WriteBack): void {
    const insert = ctx.db.prepare('INSERT INTO samples (at, subject, data) VALUES (?, ?, ?)');
    for (const [subject, s] of this.held) insert.run(s.at, subject, JSON.stringify(s.data));
  }
  clear = () => this.held.clear();
}

export class HeldButtonRepo extends ButtonRepo implements HeldOverlay {
  /** tokens issued or consumed while holding: their current state */
  private held = new Map<string, ButtonToken & { isNew: boolean }>();
  constructor(db: Db, private readonly w: PendingWrites) {
    super(db);
    w.register(this);
  }
  override issue(b: { kind: string; target: string; version: string; by: string; at: number }): string {
    return this.w.write(
      () => super.issue(b),
      () => {
        const token = ButtonRepo.newToken();
        this.held.set(token, { token, kind: b.kind, target: b.target, version: b.version, created_by: b.by, created_at: b.at, used_at: null, used_by: null, result: null, isNew: true });
        return token;
      },
    );
  }
  override get(token: string): ButtonToken | undefined {
    const h = this.held.get(token);
    if (!h) return super.get(token);
    const { isNew: _n, ...row } = h;
    return row;
  }
  override consume(token: string, by: string, at: number, result: ButtonResult = 'done'): ConsumeResult {
    return this.w.write(
      () => super.consume(token, by, at, result),
      () => {
        const row = this.get(token);
        if (!row) return { status: 'unknown' };
        if (row.used_at !== null) return { status: 'used', row };
        const used = { ...row, used_at: at, used_by: by, result };
        this.held.set(token, { ...used, isNew: this.held.get(token)?.isNew ?? false });
        return { status: 'consumed', row: used };
      },
    );
  }
  override prune(before: number): number {
    return this.w.holding ? 0 : super.prune(before);
  }
  size = () => this.held.size;
  writeBack(ctx: WriteBack): void {
    const insert = ctx.db.prepare(
      'INSERT OR IGNORE INTO button_tokens (token, kind, target, version, created_by, created_at, used_at, used_by, result) VALUES (@token, @kind, @target, @version, @created_by, @created_at, @used_at, @used_by, @result)',
    );
    // A click already recorded by another process wins: only a token still unused takes ours.
    const use = ctx.db.prepare('UPDATE button_tokens SET used_at = @used_at, used_by = @used_by, result = @result WHERE token = @token AND used_at IS NULL');
    for (const { isNew, ...row } of this.held.values()) (isNew ? insert : use).run(row);
  }
  clear = () => this.held.clear();
}
