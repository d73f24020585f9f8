/** The body of `teach restore` (registered in restore.ts, loaded when it runs). */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CliContext } from '../context.js';
import type { RestoreStep } from '../../backup/index.js';
import type { Translate } from '../../i18n/index.js';
import { audited } from '../../ops/audited.js';
import { actorLabel } from '../../ops/types.js';
import { createSupervisor } from '../../supervisor/index.js';

export async function runRestore(ctx: CliContext, archive: string, opts: { dryRun?: boolean; json?: boolean }): Promise<void> {
  const { restore } = await import('../../backup/index.js');
  const { loadConfig } = await import('../../config/load.js');
  const config = ctx.config();
  const file = await locate(archive, ctx.io.cwd, config.backup.dir);
  const actor = ctx.actor();
  const report = await audited(ctx.ops(), actor, { action: 'restore', args: { archive: file, dry_run: !!opts.dryRun }, outcome: (r) => ({ outcome: r.ok ? 'ok' : 'failed', detail: r.error?.message ?? null }) }, () =>
    restore(file, {
      config,
      supervisor: ctx.supervisor(),
      by: actorLabel(actor),
      dryRun: !!opts.dryRun,
      // The restored services.yaml may differ from the one loaded: start with a supervisor built from it.
      restartWith: () => createSupervisor({ config: loadConfig({ file: config.file, env: ctx.io.env, cwd: ctx.io.cwd }), store: ctx.store(), log: () => {} }),
      ...(opts.json ? {} : { onStep: (s) => s.status !== 'running' && ctx.io.out(stepLine(s, ctx.tr)) }),
    }),
  );
  if (opts.json) {
    ctx.io.out(JSON.stringify({ ...report, error: report.error?.message ?? null, steps: report.steps.map((s) => ({ ...s, error: s.error?.message })) }, null, 2));
  } else if (report.dryRun && report.ok) {
    ctx.io.out(ctx.tr('backup.restore_dry_run'));
  } else if (report.ok) {
    ctx.io.out(ctx.tr('backup.restore_ok', { archive: file, side: report.sideDir ?? '-' }));
  } else {
    if (report.rolledBack) ctx.io.err(ctx.tr('backup.restore_rolled_back'));
    // The entry point prints the message and the hint.
    throw report.error;
  }
  if (!report.ok) ctx.setExit(1);
}

/** A path, or a name from `teach backup list`. */
async function locate(archive: string, cwd: string, backupDir: string): Promise<string> {
  const direct = resolve(cwd, archive);
  if (await stat(direct).catch(() => undefined)) return direct;
  const inDir = join(backupDir, archive);
  return (await stat(inDir).catch(() => undefined)) ? inDir : direct;
}

export function stepLine(s: RestoreStep, tr: Translate): string {
  const details: string[] = [];
  if (s.verified !== undefined) details.push(tr('backup.detail_verified', { files: s.verified }));
  if (s.files) details.push(tr('backup.detail_files', { changed: s.files.replaced.length, added: s.files.added.length, unchanged: s.files.unchanged }));
  if (s.services && s.services.length > 0) details.push(tr('backup.detail_services', { services: s.services.join(', ') }));
  if (s.step === 'restore_config' && s.status !== 'failed') details.push(tr('backup.detail_logs_kept'));
  if (s.error) details.push(s.error.message);
  return tr('backup.step_line', {
    status: tr(`backup.status_${s.status}`),
    title: tr(`backup.step_${s.step}`),
    detail: details.length ? `: ${details.join('; ')}` : '',
  });
}
