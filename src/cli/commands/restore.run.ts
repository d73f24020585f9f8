/** The body of `teach restore` (registered in restore.ts, loaded when it runs). */
import type { CliContext } from '../context.js';
import type { RestoreStep } from '../../backup/index.js';
import type { Translate } from '../../i18n/index.js';
import { restoreFromArchive } from '../../ops/restore.js';

export async function runRestore(ctx: CliContext, archive: string, opts: { dryRun?: boolean; json?: boolean }): Promise<void> {
  // Ctrl-C or SIGTERM must not leave the services stopped: the restore is asked to stop and roll back, and this
  // process stays alive until it has (a SIGKILL cannot be caught: then `teach run` brings the services back).
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return ctx.io.err(ctx.tr('lifecycle.restore_still_rolling_back'));
    ctx.io.err(ctx.tr('lifecycle.restore_interrupting', { signal }));
    abort.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let report;
  try {
    report = await restoreFromArchive(ctx.ops(), ctx.actor(), {
      archive,
      cwd: ctx.io.cwd,
      env: ctx.io.env,
      dryRun: !!opts.dryRun,
      signal: abort.signal,
      ...(opts.json ? {} : { onStep: (s: RestoreStep) => s.status !== 'running' && ctx.io.out(stepLine(s, ctx.tr)) }),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (opts.json) {
    ctx.io.out(JSON.stringify({ ...report, error: report.error?.message ?? null, steps: report.steps.map((s) => ({ ...s, error: s.error?.message })) }, null, 2));
  } else if (report.dryRun && report.ok) {
    ctx.io.out(ctx.tr('backup.restore_dry_run'));
  } else if (report.ok) {
    ctx.io.out(ctx.tr('backup.restore_ok', { archive: report.file, side: report.sideDir ?? '-' }));
  } else {
    if (report.rolledBack) ctx.io.err(ctx.tr('backup.restore_rolled_back'));
    // The entry point prints the message and the hint.
    throw report.error;
  }
  if (!report.ok) ctx.setExit(1);
}

export function stepLine(s: RestoreStep, tr: Translate): string {
  const details: string[] = [];
  if (s.verified !== undefined) details.push(tr('backup.detail_verified', { files: s.verified }));
  if (s.files) details.push(tr('backup.detail_files', { changed: s.files.replaced.length, added: s.files.added.length, unchanged: s.files.unchanged }));
  if (s.services && s.services.length > 0) details.push(tr('backup.detail_services', { services: s.services.join(', ') }));
  if (s.step === 'restore_config' && s.status !== 'failed') details.push(tr('backup.detail_logs_kept'));
  if (s.error) details.push(s.error.message);
  const line = tr('backup.step_line', {
    status: tr(`backup.status_${s.status}`),
    title: tr(`backup.step_${s.step}`),
    detail: details.length ? `: ${details.join('; ')}` : '',
  });
  // A dry run shows where every file would go, so an operator can check it before the real restore.
  const targets = s.status === 'planned' ? (s.files?.destinations ?? []) : [];
  return [line, ...targets.map((d) => `    -> ${d}`)].join('\n');
}
