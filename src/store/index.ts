/**
 * The store facade: one database handle and a repository per concern. Open it once per process
 * (`openStore(config.logs_dir)`) and close it on exit.
 *
 * `teach run` opens it with `hold: true`: a short busy timeout (the event loop never waits on another connection's
 * lock for long) and the pending-writes journal (pending.ts) behind every repository the daemon writes while it
 * supervises, so a full disk, a locked or read-only database holds writes in memory instead of stopping restarts
 * and alerts. A CLI opens it plainly: a refused write is an error that says why (cli.ts).
 */
import { CLI_BUSY_TIMEOUT_MS, openDb, storePath, type Db } from './db.js';
import type { Locale } from '../config/types.js';
import { IncidentRepo } from './incidents.js';
import { PendingWrites } from './pending.js';
import { HeldAlertRepo } from './held-alerts.js';
import { HeldOutboxRepo } from './held-outbox.js';
import { HeldDesiredRepo, HeldKvRepo, HeldStatsRepo } from './held-state.js';
import { HeldAuditRepo, HeldButtonRepo, HeldSampleRepo } from './held-records.js';
import { HeldLockRepo } from './held-locks.js';
import { diagnoseStore, type StoreProblem } from './diagnose.js';
import { isUnwritable, StoreUnwritableError } from './unwritable.js';
import { ExternalAlertRepo } from './external-alerts.js';

export interface Store {
  db: Db;
  file: string;
  desired: HeldDesiredRepo;
  locks: HeldLockRepo;
  audit: HeldAuditRepo;
  stats: HeldStatsRepo;
  kv: HeldKvRepo;
  buttons: HeldButtonRepo;
  alerts: HeldAlertRepo;
  outbox: HeldOutboxRepo;
  samples: HeldSampleRepo;
  incidents: IncidentRepo;
  /** One atomic change (IMMEDIATE): an alert, its event and its outbox rows land together, or are held together. */
  transaction<T>(fn: () => T): T;
  /** what is held while the database refuses writes, and the write-back */
  writes: PendingWrites;
  /** why the database refuses writes, while it does (as this process last saw it) */
  problem(): StoreProblem | undefined;
  /** labels, links and source silences of alerts from Alertmanager */
  externalAlerts: ExternalAlertRepo;
  close(): void;
}

export interface StoreOptions {
  /** hold refused writes in memory (the daemon); default false */
  hold?: boolean;
  /** default: 5 s, or 20 ms when holding */
  busyTimeoutMs?: number;
  /** the bound of held entries */
  limit?: number;
  now?: () => number;
}

/** The daemon's busy timeout: longer than a CLI's short transactions usually take, short enough not to be felt. */
export const DAEMON_BUSY_TIMEOUT_MS = 20;

export function openStore(logsDir: string, locale: Locale = 'en', opts: StoreOptions = {}): Store {
  const file = storePath(logsDir);
  const hold = opts.hold === true;
  const db = openDb(file, [], locale, opts.busyTimeoutMs ?? (hold ? DAEMON_BUSY_TIMEOUT_MS : CLI_BUSY_TIMEOUT_MS));
  const w = new PendingWrites(db, { hold, ...(opts.limit !== undefined ? { limit: opts.limit } : {}), ...(opts.now ? { now: opts.now } : {}) });
  // Registration order is write-back order: locks first (their conflict check), alerts before the outbox (a moved
  // alert number renames its rows' subject) and before nothing that references them.
  const locks = new HeldLockRepo(db, w, undefined, opts.now);
  const desired = new HeldDesiredRepo(db, w);
  const stats = new HeldStatsRepo(db, w);
  const kv = new HeldKvRepo(db, w);
  const alerts = new HeldAlertRepo(db, w);
  const outbox = new HeldOutboxRepo(db, w);
  const buttons = new HeldButtonRepo(db, w);
  const audit = new HeldAuditRepo(db, w);
  const samples = new HeldSampleRepo(db, w);
  const problem = () => {
    const s = w.state();
    return s ? diagnoseStore(file, s.error, locale) : undefined;
  };
  return {
    db,
    file,
    desired,
    locks,
    audit,
    stats,
    kv,
    buttons,
    alerts,
    outbox,
    samples,
    incidents: explainRefusals(new IncidentRepo(db), file, locale),
    transaction: (fn) => w.transaction(fn),
    writes: w,
    problem,
    externalAlerts: explainRefusals(new ExternalAlertRepo(db), file, locale),
    close: () => {
      if (db.open) db.close();
    },
  };
}

/**
 * Repositories without an overlay (incidents: their changes need the database) fail as a whole when it refuses a
 * write, with an error that says why and what to do instead of SQLite's "database or disk is full".
 */
function explainRefusals<T extends object>(repo: T, file: string, locale: Locale): T {
  return new Proxy(repo, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        try {
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        } catch (e) {
          if (isUnwritable(e)) throw new StoreUnwritableError(diagnoseStore(file, e, locale), locale, e);
          throw e;
        }
      };
    },
  });
}

export type { DesiredState } from './desired.js';
export type { AuditEntry, AuditRow, AuditSource, AuditOutcome } from './audit.js';
export type { LockRow, HeldLock } from './locks.js';
export { StoreCorruptError, isCorruption, integrityProblem } from './integrity.js';
export { isUnwritable, StoreUnwritableError } from './unwritable.js';
export { diagnoseStore, probeWritable, type StoreProblem } from './diagnose.js';
export { isStoreBusy } from './held-locks.js';
export type { PendingEvent, WriteBackSummary } from './pending.js';
