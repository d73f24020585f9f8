/**
 * The store facade: one database handle and a repository per concern. Open it once per process
 * (`openStore(config.logs_dir)`) and close it on exit.
 */
import { openDb, storePath, type Db } from './db.js';
import type { Locale } from '../config/types.js';
import { DesiredStateRepo } from './desired.js';
import { LockRepo } from './locks.js';
import { AuditRepo } from './audit.js';
import { StatsRepo } from './stats.js';
import { KvRepo } from './kv.js';
import { ButtonRepo } from './buttons.js';
import { AlertRepo } from './alerts.js';
import { OutboxRepo } from './outbox.js';
import { SampleRepo } from './samples.js';
import { IncidentRepo } from './incidents.js';
import { ExternalAlertRepo } from './external-alerts.js';

export interface Store {
  db: Db;
  file: string;
  desired: DesiredStateRepo;
  locks: LockRepo;
  audit: AuditRepo;
  stats: StatsRepo;
  kv: KvRepo;
  buttons: ButtonRepo;
  alerts: AlertRepo;
  outbox: OutboxRepo;
  samples: SampleRepo;
  incidents: IncidentRepo;
  /** labels, links and source silences of alerts from Alertmanager */
  externalAlerts: ExternalAlertRepo;
  close(): void;
}

export function openStore(logsDir: string, locale: Locale = 'en'): Store {
  const file = storePath(logsDir);
  const db = openDb(file, [], locale);
  return {
    db,
    file,
    desired: new DesiredStateRepo(db),
    locks: new LockRepo(db),
    audit: new AuditRepo(db),
    stats: new StatsRepo(db),
    kv: new KvRepo(db),
    buttons: new ButtonRepo(db),
    alerts: new AlertRepo(db),
    outbox: new OutboxRepo(db),
    samples: new SampleRepo(db),
    incidents: new IncidentRepo(db),
    externalAlerts: new ExternalAlertRepo(db),
    close: () => {
      if (db.open) db.close();
    },
  };
}

export type { DesiredState } from './desired.js';
export type { AuditEntry, AuditRow, AuditSource, AuditOutcome } from './audit.js';
export type { LockRow, HeldLock } from './locks.js';
export { StoreCorruptError, isCorruption, integrityProblem } from './integrity.js';
