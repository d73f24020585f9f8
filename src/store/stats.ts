import type { Db } from './db.js';

export interface ServiceStats {
  restarts: number;
  last_exit_code: number | null;
  last_exit_at: number | null;
  fatal: boolean;
}

/** Per-service counters shown by status: automatic restarts, the last exit, whether the crash-loop guard gave up. */
export class StatsRepo {
  constructor(protected readonly db: Db) {}

  get(service: string): ServiceStats {
    const row = this.db.prepare('SELECT restarts, last_exit_code, last_exit_at, fatal FROM service_stats WHERE service = ?').get(service) as
      | (Omit<ServiceStats, 'fatal'> & { fatal: number })
      | undefined;
    return row ? { ...row, fatal: row.fatal === 1 } : { restarts: 0, last_exit_code: null, last_exit_at: null, fatal: false };
  }

  private ensure(service: string): void {
    this.db.prepare('INSERT OR IGNORE INTO service_stats (service) VALUES (?)').run(service);
  }

  countRestart(service: string): void {
    this.ensure(service);
    this.db.prepare('UPDATE service_stats SET restarts = restarts + 1 WHERE service = ?').run(service);
  }

  recordExit(service: string, code: number | null, at: number): void {
    this.ensure(service);
    this.db.prepare('UPDATE service_stats SET last_exit_code = ?, last_exit_at = ? WHERE service = ?').run(code, at, service);
  }

  setFatal(service: string, fatal: boolean): void {
    this.ensure(service);
    this.db.prepare('UPDATE service_stats SET fatal = ? WHERE service = ?').run(fatal ? 1 : 0, service);
  }
}
