/**
 * `restore <archive>` as a user intent: find the archive (a path, or a name from `backup list`), then the ops guide's
 * order (verify, stop all, restore config and data, start all, verify health), audited, operators only.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Actor, OpsContext } from './types.js';
import { actorLabel } from './types.js';
import { assertMayMutate } from './access.js';
import { audited } from './audited.js';
import type { RestoreReport, RestoreStep } from '../backup/index.js';
import { createSupervisor } from '../supervisor/index.js';

export interface RestoreRequest {
  archive: string;
  /** where a relative archive path resolves, and the environment for reloading the restored config */
  cwd: string;
  env: NodeJS.ProcessEnv;
  dryRun: boolean;
  onStep?: (s: RestoreStep) => void;
  /** aborted on Ctrl-C / SIGTERM: the restore rolls back (see backup/restore.ts) */
  signal?: AbortSignal;
}

export async function restoreFromArchive(ctx: OpsContext, actor: Actor, req: RestoreRequest): Promise<RestoreReport & { file: string }> {
  const file = await locateArchive(req.archive, req.cwd, ctx.config.backup.dir);
  return audited(
    ctx,
    actor,
    {
      action: 'restore',
      args: { archive: file, dry_run: req.dryRun },
      outcome: (r) => ({ outcome: r.ok ? 'ok' : interrupted(r.error) ? 'interrupted' : 'failed', detail: r.error?.message ?? null }),
    },
    async () => {
      assertMayMutate(ctx.config, actor);
      const [{ restore }, { loadConfig }] = await Promise.all([import('../backup/index.js'), import('../config/load.js')]);
      const report = await restore(file, {
        config: ctx.config,
        supervisor: ctx.supervisor,
        by: actorLabel(actor),
        dryRun: req.dryRun,
        // The restored services.yaml may differ from the one loaded: start with a supervisor built from it.
        restartWith: () => createSupervisor({ config: loadConfig({ file: ctx.config.file, env: req.env, cwd: req.cwd }), store: ctx.store, log: () => {} }),
        ...(req.onStep ? { onStep: req.onStep } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
      });
      return { ...report, file };
    },
  );
}

const interrupted = (e: Error | undefined) => (e as { code?: string } | undefined)?.code === 'restore_interrupted';

/** A path, or a name from `teach backup list` (looked up in backup.dir). */
async function locateArchive(archive: string, cwd: string, backupDir: string): Promise<string> {
  const direct = resolve(cwd, archive);
  if (await stat(direct).catch(() => undefined)) return direct;
  const inDir = join(backupDir, archive);
  return (await stat(inDir).catch(() => undefined)) ? inDir : direct;
}
