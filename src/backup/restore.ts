/**
 * `teach restore <archive>`, in the ops guide's order: verify the archive, stop all services, restore the config,
 * restore the data, start all, verify health; each step reported as it goes.
 *
 * Safety: a damaged archive is refused in the first step, before anything is stopped. A failure while writing
 * puts back every file already written (from the side folder) and starts again the services that were running.
 * The state database is written through SQLite's online backup API, so the bot may keep it open during a restore:
 * its connection sees the restored database at commit, never a torn file. Stopping the bot first is still the
 * better practice (its in-memory timers belong to the old state); the restore does not require it.
 */
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Config, Locale } from '../config/types.js';
import type { HeldServices, Supervisor } from '../supervisor/types.js';
import { systemClock, type Clock } from '../clock.js';
import { errorMessage, TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import { extractAndVerify } from './verify.js';
import { applyFiles, planFiles, undoFiles, type AppliedFile, type PlannedFile } from './apply.js';
import { archiveName } from './archives.js';
import { stepRecorder, type RestoreReport, type RestoreStep, type RestoreStepName } from './restore-steps.js';

export type RestoreSupervisor = Pick<Supervisor, 'stop' | 'start' | 'runtime'> & Partial<Pick<Supervisor, 'hold'>>;
type AfterSupervisor = Pick<Supervisor, 'start' | 'runtime'> & Partial<Pick<Supervisor, 'stop'>>;

export interface RestoreDeps {
  config: Config;
  supervisor: RestoreSupervisor;
  /** who asked, recorded with the desired state: 'cli:alice' */
  by: string;
  /** supervisor for the start after the config was replaced (e.g. rebuilt from the restored services.yaml) */
  restartWith?: () => AfterSupervisor | Promise<AfterSupervisor>;
  /** extra verification after start (health endpoints); default: every service is running */
  checkHealth?: () => Promise<{ ok: boolean; detail?: string }>;
  onStep?: (step: RestoreStep) => void;
  dryRun?: boolean;
  clock?: Clock;
  /**
   * Aborted by Ctrl-C / SIGTERM (its reason names the signal): the restore stops after the service or file in hand,
   * puts back what it wrote, stops what it started and starts again what was running before, then reports.
   */
  signal?: AbortSignal;
}

/**
 * Every service's lifecycle lock is held from before the stop to after the health check, with an operation record
 * naming what was running (Supervisor.hold): the monitor of `teach run` sees a planned stop, not a crash, even while
 * the state database is being replaced; if this process is killed, `teach run` brings those services back.
 * Stops keep the desired state (running): the services are down on purpose, for a while, not stopped by anyone.
 */
export async function restore(archive: string, deps: RestoreDeps): Promise<RestoreReport> {
  const { config, supervisor, by } = deps;
  const clock = deps.clock ?? systemClock;
  const rec = stepRecorder(archive, !!deps.dryRun, deps.onStep);

  rec.emit({ step: 'verify', status: 'running' });
  let unpacked: string;
  let files: PlannedFile[];
  try {
    const verified = await extractAndVerify(archive, config.backup.dir, config.locale);
    unpacked = verified.dir;
    files = await planFiles(verified.manifest.files, unpacked, config).catch(async (e: unknown) => {
      await rm(verified.dir, { recursive: true, force: true });
      throw e;
    });
    rec.emit({ step: 'verify', status: 'done', verified: verified.manifest.files.length });
  } catch (e) {
    return rec.fail('verify', e);
  }

  let held: HeldServices | undefined;
  try {
    const config_ = files.filter((f) => f.entry.kind === 'config');
    const data = files.filter((f) => f.entry.kind !== 'config');
    const all = config.serviceNames;
    if (deps.dryRun) {
      const running = supervisor.runtime().filter((r) => r.state === 'running').map((r) => r.name);
      rec.emit({ step: 'stop', status: 'planned', services: running });
      rec.emit({ step: 'restore_config', status: 'planned', files: summary(config_) });
      rec.emit({ step: 'restore_data', status: 'planned', files: summary(data) });
      rec.emit({ step: 'start', status: 'planned', services: all });
      rec.emit({ step: 'health', status: 'planned' });
      return rec.report(true);
    }

    let wasRunning: string[] = [];
    const runningNow = () => supervisor.runtime().filter((r) => r.state === 'running').map((r) => r.name);
    if (supervisor.hold) {
      try {
        held = await supervisor.hold('all', `restore ${basename(archive)} (by ${by})`, {
          record: () => ({ kind: 'restore', by, running_before: (wasRunning = runningNow()), detail: { archive } }),
        });
      } catch (e) {
        return rec.fail('stop', e);
      }
    } else {
      wasRunning = runningNow();
    }
    const lifecycle = { by, recordDesired: false, ...(held ? { held } : {}), ...(deps.signal ? { signal: deps.signal } : {}) };
    const applied: AppliedFile[] = [];
    let after: AfterSupervisor | undefined;
    const interrupted = (step: RestoreStepName) => deps.signal?.aborted === true && new RestoreInterruptedError(String(deps.signal.reason ?? 'signal'), step, config.locale);
    /** Puts back the files written, stops what the restored config started, starts what was running before. */
    const rollBack = async (startedNew: boolean) => {
      await undoFiles(applied).then(() => applied.length > 0 && rec.setRolledBack(), () => undefined);
      if (startedNew && after?.stop) await after.stop('all', { by, recordDesired: false, ...(held ? { held } : {}) }).catch(() => undefined);
      await startEach(supervisor, wasRunning, by, held);
    };

    rec.emit({ step: 'stop', status: 'running', services: wasRunning });
    const stopped = await supervisor.stop('all', lifecycle);
    const stopFailed = stopped.filter((r) => !r.ok);
    const stopInterrupted = interrupted('stop');
    if (stopFailed.length > 0 || stopInterrupted) {
      // Nothing was written yet: bring back what we stopped and leave everything as it was.
      await rollBack(false);
      return rec.fail('stop', stopInterrupted || firstError(stopFailed, 'stop'));
    }
    rec.emit({ step: 'stop', status: 'done', services: stopped.filter((r) => !r.already).map((r) => r.service) });

    const sideDir = join(config.backup.dir, archiveName(clock.now()).replace(/^teachops-backup-/, 'replaced-').replace(/\.tar\.gz$/, ''));
    for (const [step, list] of [['restore_config', config_], ['restore_data', data]] as const) {
      rec.emit({ step, status: 'running', files: summary(list) });
      let failure: unknown = interrupted(step) || undefined;
      if (!failure) {
        try {
          await applyFiles(list, sideDir, applied);
        } catch (e) {
          failure = e;
        }
      }
      failure ||= interrupted(step) || undefined;
      if (failure) {
        if (applied.some((a) => a.side)) rec.setSideDir(sideDir);
        await rollBack(false);
        return rec.fail(step, failure);
      }
      rec.emit({ step, status: 'done', files: summary(list) });
    }
    if (applied.some((a) => a.side)) rec.setSideDir(sideDir);

    try {
      after = deps.restartWith ? await deps.restartWith() : supervisor;
    } catch (e) {
      // The restored config cannot be loaded (invalid, or needs env this host lacks): nothing could start from it,
      // so put back what was written and start again what was running, rather than leave every service stopped.
      await rollBack(false);
      return rec.fail('start', e);
    }
    rec.emit({ step: 'start', status: 'running', services: all });
    const started = await after.start('all', { by, ...(held ? { held } : {}), ...(deps.signal ? { signal: deps.signal } : {}) });
    const startInterrupted = interrupted('start');
    if (startInterrupted) {
      await rollBack(true);
      return rec.fail('start', startInterrupted);
    }
    const startFailed = started.filter((r) => !r.ok);
    if (startFailed.length > 0) return rec.fail('start', firstError(startFailed, 'start'));
    rec.emit({ step: 'start', status: 'done', services: started.map((r) => r.service) });

    rec.emit({ step: 'health', status: 'running' });
    const down = after.runtime().filter((r) => r.state !== 'running').map((r) => r.name);
    if (down.length > 0) return rec.fail('health', new RestoreHealthError(down.join(', '), config.locale), { services: down });
    const extra = deps.checkHealth ? await deps.checkHealth() : { ok: true };
    if (!extra.ok) return rec.fail('health', new RestoreHealthError(extra.detail ?? '', config.locale));
    rec.emit({ step: 'health', status: 'done', services: all });
    return rec.report(true);
  } finally {
    held?.release();
    await rm(unpacked, { recursive: true, force: true });
  }
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

export class RestoreHealthError extends TeachopsError {
  readonly code = 'restore_unhealthy';
  constructor(detail: string, locale: Locale = 'en') {
    super(t(locale, 'backup.restore_unhealthy', { detail }), { hint: t(locale, 'backup.restore_unhealthy_hint') });
  }
}

function summary(list: PlannedFile[]) {
  return {
    replaced: list.filter((f) => f.state === 'replace').map((f) => f.entry.path),
    added: list.filter((f) => f.state === 'add').map((f) => f.entry.path),
    unchanged: list.filter((f) => f.state === 'same').length,
  };
}

function firstError(results: { service: string; error?: Error }[], what: string): Error {
  const r = results[0]!;
  return r.error ?? new Error(`${what} ${r.service} failed: ${errorMessage(r.error)}`);
}

async function startEach(sup: Pick<Supervisor, 'start'>, services: string[], by: string, held: HeldServices | undefined): Promise<void> {
  for (const s of services) await sup.start(s, { by, ...(held ? { held } : {}) }).catch(() => undefined);
}
