/** `backup` as a user intent (CLI `teach backup`, Slack `/teach backup`): operators only, audited. */
import type { Actor, OpsContext } from './types.js';
import { assertMayMutate } from './access.js';
import { audited } from './audited.js';
import type { BackupResult } from '../backup/index.js';

export async function runBackupNow(ctx: OpsContext, actor: Actor): Promise<BackupResult> {
  return audited(
    ctx,
    actor,
    { action: 'backup', args: {}, outcome: (r) => (r.ok ? { outcome: 'ok', detail: r.archive } : { outcome: 'failed', detail: r.error.message }) },
    async () => {
      assertMayMutate(ctx.config, actor);
      // tar and the archive code load only when a backup runs.
      const { runAndLog } = await import('../backup/index.js');
      return runAndLog(ctx.config, { clock: ctx.clock });
    },
  );
}
