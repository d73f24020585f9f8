/**
 * Monitor samples of the last hour (host and each service), for `status`, reports and the host snapshot. One row per
 * subject per interval: at 5 s and four subjects that is under 3000 rows, pruned every tick.
 */
import type { Db } from './db.js';

export interface HostSampleData {
  cpu_percent: number;
  memory_percent: number;
  disks: { mount: string; percent: number }[];
}

export interface ServiceSampleData {
  state: string;
  pid: number | null;
  cpu_percent: number | null;
  rss_bytes: number | null;
  health_ok: boolean | null;
  health_ms: number | null;
  /** written since issue 14 (older rows lack them): what `teach status` shows from a fresh reading */
  memory_percent?: number | null;
  health_status?: number | null;
  health_error?: string | null;
}

export interface SampleRow<T> {
  at: number;
  subject: string;
  data: T;
}

export const SAMPLE_RETENTION_MS = 60 * 60_000;

export class SampleRepo {
  constructor(protected readonly db: Db) {}

  add(subject: string, data: HostSampleData | ServiceSampleData, at: number): void {
    this.db.prepare('INSERT INTO samples (at, subject, data) VALUES (?, ?, ?)').run(at, subject, JSON.stringify(data));
  }

  /** `subject` 'host' gives HostSampleData, a service name ServiceSampleData; oldest first. */
  since<T = HostSampleData | ServiceSampleData>(subject: string, from: number): SampleRow<T>[] {
    const rows = this.db.prepare('SELECT at, subject, data FROM samples WHERE subject = ? AND at >= ? ORDER BY at').all(subject, from) as {
      at: number;
      subject: string;
      data: string;
    }[];
    return rows.map((r) => ({ at: r.at, subject: r.subject, data: JSON.parse(r.data) as T }));
  }

  latest<T = HostSampleData | ServiceSampleData>(subject: string): SampleRow<T> | undefined {
    const r = this.db.prepare('SELECT at, subject, data FROM samples WHERE subject = ? ORDER BY at DESC LIMIT 1').get(subject) as
      | { at: number; subject: string; data: string }
      | undefined;
    return r ? { at: r.at, subject: r.subject, data: JSON.parse(r.data) as T } : undefined;
  }

  /** The latest row of each subject written at or after `from` (the monitor's last round, for `teach status`). */
  latestSince<T = HostSampleData | ServiceSampleData>(from: number): Map<string, SampleRow<T>> {
    const rows = this.db.prepare('SELECT at, subject, data FROM samples WHERE at >= ? ORDER BY at').all(from) as { at: number; subject: string; data: string }[];
    const latest = new Map<string, SampleRow<T>>();
    for (const r of rows) latest.set(r.subject, { at: r.at, subject: r.subject, data: JSON.parse(r.data) as T });
    return latest;
  }

  prune(before: number): number {
    return this.db.prepare('DELETE FROM samples WHERE at < ?').run(before).changes;
  }
}
