/**
 * Small per-key state while the state database refuses writes (pending.ts): desired state per service, service
 * stats (restart count, last exit, the crash-loop guard) and kv values (the restart history the policy counts,
 * Slack's health, the last CPU read). The latest value per key is held, read back by this process, and written at
 * write-back; none of it is ever dropped (the policy depends on it), and it is a few entries per service.
 */
import type { Db } from './db.js';
import { DesiredStateRepo, type DesiredState } from './desired.js';
import { KvRepo } from './kv.js';
import type { HeldOverlay, PendingWrites, WriteBack } from './pending.js';
import { StatsRepo, type ServiceStats } from './stats.js';

/** A map of the latest held value per key, with undo inside a held transaction. */
class Held<V> {
  readonly map = new Map<string, V>();
  constructor(private readonly w: PendingWrites) {}
  set(key: string, value: V): void {
    const had = this.map.has(key);
    const before = this.map.get(key);
    this.w.record(() => (had ? this.map.set(key, before as V) : this.map.delete(key)));
    this.map.set(key, value);
  }
}

type DesiredDetail = { state: DesiredState; updated_by: string; updated_at: number };

export class HeldDesiredRepo extends DesiredStateRepo implements HeldOverlay {
  private readonly held: Held<DesiredDetail>;
  constructor(db: Db, private readonly w: PendingWrites) {
    super(db);
    this.held = new Held(w);
    w.register(this);
  }
  override get(service: string): DesiredState | undefined {
    return this.held.map.get(service)?.state ?? super.get(service);
  }
  override detail(service: string): DesiredDetail | undefined {
    return this.held.map.get(service) ?? super.detail(service);
  }
  override all(): Record<string, DesiredState> {
    const out = super.all();
    for (const [k, v] of this.held.map) out[k] = v.state;
    return out;
  }
  override set(service: string, state: DesiredState, by: string, at = Date.now()): void {
    this.w.write(() => super.set(service, state, by, at), () => this.held.set(service, { state, updated_by: by, updated_at: at }));
  }
  size = () => this.held.map.size;
  writeBack(ctx: WriteBack): void {
    const upsert = ctx.db.prepare(
      `INSERT INTO desired_state (service, state, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT(service) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    for (const [svc, d] of this.held.map) upsert.run(svc, d.state, d.updated_at, d.updated_by);
  }
  clear = () => this.held.map.clear();
}

export class HeldStatsRepo extends StatsRepo implements HeldOverlay {
  private readonly held: Held<ServiceStats>;
  constructor(db: Db, private readonly w: PendingWrites) {
    super(db);
    this.held = new Held(w);
    w.register(this);
  }
  override get(service: string): ServiceStats {
    return this.held.map.get(service) ?? super.get(service);
  }
  private change(service: string, fn: (s: ServiceStats) => ServiceStats): void {
    this.held.set(service, fn(this.get(service)));
  }
  override countRestart(service: string): void {
    this.w.write(() => super.countRestart(service), () => this.change(service, (s) => ({ ...s, restarts: s.restarts + 1 })));
  }
  override recordExit(service: string, code: number | null, at: number): void {
    this.w.write(() => super.recordExit(service, code, at), () => this.change(service, (s) => ({ ...s, last_exit_code: code, last_exit_at: at })));
  }
  override setFatal(service: string, fatal: boolean): void {
    this.w.write(() => super.setFatal(service, fatal), () => this.change(service, (s) => ({ ...s, fatal })));
  }
  size = () => this.held.map.size;
  writeBack(ctx: WriteBack): void {
    const upsert = ctx.db.prepare(
      `INSERT INTO service_stats (service, restarts, last_exit_code, last_exit_at, fatal) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(service) DO UPDATE SET restarts = excluded.restarts, last_exit_code = excluded.last_exit_code,
         last_exit_at = excluded.last_exit_at, fatal = excluded.fatal`,
    );
    for (const [svc, s] of this.held.map) upsert.run(svc, s.restarts, s.last_exit_code, s.last_exit_at, s.fatal ? 1 : 0);
  }
  clear = () => this.held.map.clear();
}

export class HeldKvRepo extends KvRepo implements HeldOverlay {
  private readonly held: Held<{ value: unknown; updated_at: number }>;
  constructor(db: Db, private readonly w: PendingWrites) {
    super(db);
    this.held = new Held(w);
    w.register(this);
  }
  override get<T>(key: string): { value: T; updated_at: number } | undefined {
    const h = this.held.map.get(key);
    return h ? { value: h.value as T, updated_at: h.updated_at } : super.get<T>(key);
  }
  override set(key: string, value: unknown, at = Date.now()): void {
    // A JSON round trip now, as the database would store it: a caller mutating its object later changes nothing.
    this.w.write(() => super.set(key, value, at), () => this.held.set(key, { value: JSON.parse(JSON.stringify(value ?? null)) as unknown, updated_at: at }));
  }
  size = () => this.held.map.size;
  writeBack(ctx: WriteBack): void {
    const upsert = ctx.db.prepare(
      'INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    for (const [k, v] of this.held.map) upsert.run(k, JSON.stringify(v.value), v.updated_at);
  }
  clear = () => this.held.map.clear();
}
