/**
 * The services side of a restore: every service's lifecycle lock and an operation record naming what was running
 * (Supervisor.hold), held from before the stop to after the health check, so the monitor of `teach run` sees a
 * planned stop, not a crash, even while the state database is replaced; if this process is killed, `teach run`
 * brings those services back. Stops keep the desired state (running): the services are down on purpose, for a while.
 * Ctrl-C / SIGTERM abort the signal: the restore notices between steps and rolls back.
 */
import { basename } from 'node:path';
import type { Locale } from '../config/types.js';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { HeldServices, LifecycleOptions, Supervisor } from '../supervisor/types.js';
import type { RestoreStepName } from './restore-steps.js';

export type RestoreSupervisor = Pick<Supervisor, 'stop' | 'start' | 'runtime'> & Partial<Pick<Supervisor, 'hold'>>;

export interface HeldDown {
  /** services running when the restore took its locks: what a rollback starts again */
  wasRunning: string[];
  /** options for every stop/start of the restore (the held locks, the abort signal, the desired state kept) */
  lifecycle: LifecycleOptions;
  held?: HeldServices;
  /** the interruption, once the signal was aborted */
  interrupted(step: RestoreStepName): RestoreInterruptedError | undefined;
  /** starts again what was running, one by one (under the held locks) */
  startAgain(sup: Pick<Supervisor, 'start'>): Promise<void>;
  release(): void;
}

export async function holdForRestore(supervisor: RestoreSupervisor, archive: string, by: string, signal: AbortSignal | undefined, locale: Locale): Promise<HeldDown> {
  let wasRunning: string[] = [];
  const runningNow = () => supervisor.runtime().filter((r) => r.state === 'running').map((r) => r.name);
  const held = supervisor.hold
    ? await supervisor.hold('all', `restore ${basename(archive)} (by ${by})`, {
        record: () => ({ kind: 'restore', by, running_before: (wasRunning = runningNow()), detail: { archive } }),
      })
    : undefined;
  if (!held) wasRunning = runningNow();
  const lockOpts = held ? { held } : {};
  return {
    wasRunning,
    held,
    lifecycle: { by, recordDesired: false, ...lockOpts, ...(signal ? { signal } : {}) },
    interrupted: (step) => (signal?.aborted ? new RestoreInterruptedError(String(signal.reason ?? 'signal'), step, locale) : undefined),
    async startAgain(sup) {
      for (const s of wasRunning) await sup.start(s, { by, ...lockOpts }).catch(() => undefined);
    },
    release: () => held?.release(),
  };
}

/** Ctrl-C or SIGTERM during a restore: it was rolled back (the report says what was put back and started again). */
export class RestoreInterruptedError extends TeachopsError {
  readonly code = 'restore_interrupted';
  constructor(readonly signal: string, readonly step: RestoreStepName, locale: Locale = 'en') {
    super(t(locale, 'lifecycle.restore_interrupted', { signal, step }), { hint: t(locale, 'lifecycle.restore_interrupted_hint') });
    // The shell convention for "ended by a signal": 128 + its number.
    this.exitCode = signal === 'SIGTERM' ? 143 : 130;
  }
}
