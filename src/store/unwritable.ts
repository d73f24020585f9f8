/**
 * The state database refusing writes, told apart from every other SQLite error: the disk is full, another
 * connection holds the write lock, the file or its filesystem is read-only, or the disk fails. These pass (space is
 * freed, the lock is released, the flag is cleared); the daemon holds its writes in memory meanwhile (pending.ts).
 * A constraint violation or a damaged file (integrity.ts) is not one of them: holding would only hide a bug.
 */
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../config/types.js';
import type { StoreProblem } from './diagnose.js';

const TRANSIENT = /^SQLITE_(FULL|BUSY|LOCKED|READONLY|IOERR|CANTOPEN|PROTOCOL)/;

export function isUnwritable(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && TRANSIENT.test(code);
}

/** What SQLite said, as a short code for messages and alert details (`SQLITE_FULL`). */
export function sqliteCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'SQLITE_ERROR';
}

/**
 * A command that must record what it does (a CLI restart takes a lock row and writes the audit log) while the
 * database refuses writes: it does nothing and says why and what to do. `teach run` is not stopped by this: it
 * supervises from memory.
 */
export class StoreUnwritableError extends TeachopsError {
  readonly code = 'store_unwritable';
  constructor(readonly problem: StoreProblem, locale: Locale = 'en', cause?: unknown) {
    super(t(locale, 'store.unwritable', { file: problem.file, why: problem.why }), { hint: `${problem.fix} ${t(locale, 'store.unwritable_daemon')}`, cause });
  }
}
