import type { Db } from './db.js';

export type DesiredState = 'running' | 'stopped';

export class DesiredStateRepo {
  constructor(protected readonly db: Db) {}

  get(service: string): DesiredState | undefined {
    const row = this.db.prepare('SELECT state FROM desired_state WHERE service = ?').get(service) as
      | { state: DesiredState }
      | undefined;
    return row?.state;
  }

  /** The state with who set it and when, for messages ("stopped by cli:alice"). */
  detail(service: string): { state: DesiredState; updated_by: string; updated_at: number } | undefined {
    return this.db.prepare('SELECT state, updated_by, updated_at FROM desired_state WHERE service = ?').get(service) as
      | { state: DesiredState; updated_by: string; updated_at: number }
      | undefined;
  }

  all(): Record<string, DesiredState> {
    const rows = this.db.prepare('SELECT service, state FROM desired_state').all() as { service: string; state: DesiredState }[];
    return Object.fromEntries(rows.map((r) => [r.service, r.state]));
  }

  set(service: string, state: DesiredState, by: string, at = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO desired_state (service, state, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT(service) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(service, state, at, by);
  }
}
