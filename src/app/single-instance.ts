/**
 * One `teach run` per logs folder. The claim is a lock row naming this process by pid + start time + boot id, so a
 * daemon killed with SIGKILL never blocks the next one.
 */
import type { Store, HeldLock } from '../store/index.js';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../config/types.js';

export class AlreadyRunningError extends TeachopsError {
  readonly code = 'already_running';
  constructor(readonly pid: number, logsDir: string, locale: Locale) {
    super(t(locale, 'daemon.already_running', { pid, logs: logsDir }), { hint: t(locale, 'daemon.already_running_hint', { pid }) });
  }
}

export function claimDaemon(store: Store, logsDir: string, locale: Locale): HeldLock {
  const r = store.locks.tryAcquire('daemon', 'teach run');
  if ('heldBy' in r) throw new AlreadyRunningError(r.heldBy.holder_pid, logsDir, locale);
  return r;
}
