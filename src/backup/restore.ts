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
import { join } from 'node:path';
import type { Config, Locale } from '../config/types.js';
import type { Supervisor } from '../supervisor/types.js';
import { systemClock, type Clock } from '../clock.js';
import { errorMessage, TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import { extractAndVerify } from './verify.js';
import { applyFiles, planFiles, undoFiles, type AppliedFile, type PlannedFile } from './apply.js';
import { archiveName } from './archives.js';
import { stepRecorder, type RestoreReport, type RestoreStep } from './restore-steps.js';
import { holdForRestore, type HeldDown, type RestoreSupervisor } from './restore-hold.js';

export type { RestoreSupervisor } from './restore-hold.js';
export { RestoreInterruptedError } from './restore-hold.js';

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

/** The ops guide's order; the services are held down for the whole of it (restore-hold.ts). */
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
    files = await planFiles(verified.manifest.files, unpacked, config, archive).catch(async (e: unknown) => {
      await rm(verified.dir, { recursive: true, force: true });
      throw e;
    });
    rec.emit({ step: 'verify', status: 'done', verified: verified.manifest.files.length });
  } catch (e) {
    return rec.fail('verify', e);
  }

  let holding: HeldDown | undefined;
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

    try {
      holding = await holdForRestore(supervisor, archive, by, deps.signal, config.locale);
    } catch (e) {
      return rec.fail('stop', e);
    }
    const hold = holding;
    const { wasRunning, lifecycle, held } = hold;
    const applied: AppliedFile[] = [];
    let after: AfterSupervisor | undefined;
    /** Puts back the files written, stops what the restored config started, starts what was running before. */
    const rollBack = async (startedNew: boolean) => {
      await undoFiles(applied).then(() => applied.length > 0 && rec.setRolledBack(), () => undefined);
      if (startedNew && after?.stop) await after.stop('all', { by, recordDesired: false, ...(held ? { held } : {}) }).catch(() => undefined);
      await hold.startAgain(supervisor);
    };

    rec.emit({ step: 'stop', status: 'running', services: wasRunning });
    const stopped = await supervisor.stop('all', lifecycle);
    const stopFailed = stopped.filter((r) => !r.ok);
    const stopInterrupted = hold.interrupted('stop');
    if (stopFailed.length > 0 || stopInterrupted) {
      // Nothing was written yet: bring back what we stopped and leave everything as it was.
      await rollBack(false);
      return rec.fail('stop', stopInterrupted || firstError(stopFailed, 'stop'));
    }
    rec.emit({ step: 'stop', status: 'done', services: stopped.filter((r) => !r.already).map((r) => r.service) });

    const sideDir = join(config.backup.dir, archiveName(clock.now()).replace(/^teachops-backup-/, 'replaced-').replace(/\.tar\.gz$/, ''));
    for (const [step, list] of [['restore_config', config_], ['restore_data', data]] as const) {
      rec.emit({ step, status: 'running', files: summary(list) });
      let failure: unknown = hold.interrupted(step);
      if (!failure) {
        try {
          await applyFiles(list, sideDir, applied);
        } catch (e) {
          failure = e;
        }
      }
      failure ??= hold.interrupted(step);
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
    const startInterrupted = hold.interrupted('start');
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
    holding?.release();
    await rm(unpacked, { recursive: true, force: true });
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
    destinations: list.map((f) => f.target),
  };
}

function firstError(results: { service: string; error?: Error }[], what: string): Error {
  const r = results[0]!;
  return r.error ?? new Error(`${what} ${r.service} failed: ${errorMessage(r.error)}`);
}
