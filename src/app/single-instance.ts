/**
 * One `teach run` per logs folder. The claim is a lock row naming this process by pid + start time + boot id, so a
 * daemon killed with SIGKILL never blocks the next one.
 */
import { isStoreBusy, type Store, type HeldLock } from '../store/index.js';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../config/types.js';

export class AlreadyRunningError extends TeachopsError {
  readonly code = 'already_running';
  constructor(readonly pid: number, logsDir: string, locale: Locale) {
    super(t(locale, 'daemon.already_running', { pid, logs: logsDir }), { hint: t(locale, 'daemon.already_running_hint', { pid }) });
  }
}

/**
 * A database locked by another connection answers "busy", not "held by a daemon": that is waited out (the lock
 * repository grants the claim from memory once the database has been busy for a while, held-locks.ts), so a
 * `teach run` restarted by systemd while the database is locked still comes up and supervises.
 */
export async function claimDaemon(store: Store, logsDir: string, locale: Locale): Promise<HeldLock> {
  for (;;) {
    const r = store.locks.tryAcquire('daemon', 'teach run');
    if (!('heldBy' in r)) return r;
    if (!isStoreBusy(r.heldBy)) throw new AlreadyRunningError(r.heldBy.holder_pid, logsDir, locale);
    await new Promise((res) => setTimeout(res, 100));
  }
}
