/**
 * What an alert from another source (Alertmanager) carries besides its `alerts` row (migration 9): its labels and
 * annotations as received, the links to where it came from, and the silence teachops created at the source. The
 * `alerts` row keeps the lifecycle (firing, acknowledged, resolved, silence) exactly as for teachops' own alerts.
 */
import type { Db } from './db.js';

export type ExternalSource = 'alertmanager';

export interface ExternalAlert {
  alert_id: number;
  source: ExternalSource;
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** the source's start of the current firing (epoch ms) */
  starts_at: number | null;
  generator_url: string | null;
  external_url: string | null;
  receiver: string | null;
  silence_id: string | null;
  /** an until-resolved silence whose alert resolved and that the source has not expired yet */
  silence_expire_due: boolean;
  updated_at: number;
}

export type ExternalAlertData = Omit<ExternalAlert, 'alert_id' | 'silence_id' | 'silence_expire_due' | 'updated_at'>;

type Raw = Omit<ExternalAlert, 'labels' | 'annotations' | 'silence_expire_due'> & { labels: string; annotations: string; silence_expire_due: number };
const parse = (r: Raw): ExternalAlert => ({
  ...r,
  labels: JSON.parse(r.labels) as Record<string, string>,
  annotations: JSON.parse(r.annotations) as Record<string, string>,
  silence_expire_due: r.silence_expire_due === 1,
});

export class ExternalAlertRepo {
  constructor(private readonly db: Db) {}

  get(alertId: number): ExternalAlert | undefined {
    const r = this.db.prepare('SELECT * FROM external_alerts WHERE alert_id = ?').get(alertId) as Raw | undefined;
    return r ? parse(r) : undefined;
  }

  /** Records what the source says of the alert now; the silence columns are left as they are. */
  upsert(alertId: number, d: ExternalAlertData, at: number): void {
    this.db
      .prepare(
        `INSERT INTO external_alerts (alert_id, source, fingerprint, labels, annotations, starts_at, generator_url, external_url, receiver, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (alert_id) DO UPDATE SET labels = excluded.labels, annotations = excluded.annotations, starts_at = excluded.starts_at,
           generator_url = excluded.generator_url, external_url = excluded.external_url, receiver = excluded.receiver, updated_at = excluded.updated_at`,
      )
      .run(alertId, d.source, d.fingerprint, JSON.stringify(d.labels), JSON.stringify(d.annotations), d.starts_at, d.generator_url, d.external_url, d.receiver, at);
  }

  setSilence(alertId: number, silenceId: string | null, at: number): void {
    this.db.prepare('UPDATE external_alerts SET silence_id = ?, silence_expire_due = 0, updated_at = ? WHERE alert_id = ?').run(silenceId, at, alertId);
  }

  /** The alert resolved under an until-resolved silence: the source still has to expire it. */
  markExpireDue(alertId: number, at: number): void {
    this.db.prepare('UPDATE external_alerts SET silence_expire_due = 1, updated_at = ? WHERE alert_id = ? AND silence_id IS NOT NULL').run(at, alertId);
  }

  /** Silences teachops still owes the source an expiry for, oldest first. */
  expireDue(limit = 100): ExternalAlert[] {
    return (this.db.prepare('SELECT * FROM external_alerts WHERE silence_expire_due = 1 ORDER BY alert_id LIMIT ?').all(limit) as Raw[]).map(parse);
  }

  /**
   * Active alerts of `source` linked to a silence teachops made there, until the source confirms it ended (a timed
   * silence may already have ended here): their resolution comes from polling the source (see the sync).
   */
  activeSilenced(source: ExternalSource): ExternalAlert[] {
    const sql = `SELECT e.* FROM external_alerts e JOIN alerts a ON a.id = e.alert_id
                 WHERE e.source = ? AND a.state <> 'resolved' AND e.silence_id IS NOT NULL ORDER BY e.alert_id`;
    return (this.db.prepare(sql).all(source) as Raw[]).map(parse);
  }

  /** Several at once, by alert id (the alert lists). */
  many(alertIds: readonly number[]): Map<number, ExternalAlert> {
    const out = new Map<number, ExternalAlert>();
    const stmt = this.db.prepare('SELECT * FROM external_alerts WHERE alert_id = ?');
    for (const id of alertIds) {
      const r = stmt.get(id) as Raw | undefined;
      if (r) out.set(id, parse(r));
    }
    return out;
  }
}
