/** `/teach backup`: operators only; posts "Backing up..." and updates it in place with the archive or the failure. */
import { defineCommand } from '../routes.js';
import { runBackupNow } from '../../ops/backup.js';
import { assertMayMutate } from '../../ops/access.js';
import { backupResultMessage, backupRunningMessage } from '../views/backup.js';

export const backup = defineCommand({
  name: 'backup',
  usage: 'slack.usage_backup',
  summary: 'slack.summary_backup',
  async run(ix) {
    const { tr, config } = ix.deps;
    // Refuse before posting anything in the channel; runBackupNow checks (and audits) again.
    assertMayMutate(config, ix.actor);
    const ts = await ix.reply.post(backupRunningMessage(ix.actor.id, tr));
    const r = await runBackupNow(ix.deps.ops, ix.actor);
    await ix.reply.update(ts, backupResultMessage(r, ix.actor.id, tr));
    return r.ok ? { outcome: 'ok', detail: r.archive } : { outcome: 'failed', detail: r.error.message };
  },
});
