/** `teach backup` (one now) and `teach backup list`. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { runBackupNow } from '../../ops/backup.js';
import { formatBytes, formatDuration } from '../../config/units.js';
import { basename } from 'node:path';

export function register(program: Command, ctx: CliContext): void {
  const backup = program
    .command('backup')
    .description('back up the config, logs and databases now (one timestamped tar.gz in backup.dir)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = ctx.config();
      const r = await runBackupNow(ctx.ops(), ctx.actor());
      if (!r.ok) throw r.error;
      if (opts.json) {
        ctx.io.out(JSON.stringify({ archive: r.archive, bytes: r.bytes, files: r.files, ms: Math.round(r.ms), removed: r.removed }, null, 2));
        return;
      }
      ctx.io.out(ctx.tr('backup.created', { archive: r.archive, size: formatBytes(r.bytes), files: r.files, duration: formatDuration(r.ms) }));
      if (r.removed.length > 0) ctx.io.out(ctx.tr('backup.pruned', { keep: config.backup.keep, names: r.removed.join(', ') }));
    });

  backup
    .command('list')
    .description('list the backup archives, oldest first')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { listBackups } = await import('../../backup/index.js');
      const { dir, keep } = ctx.config().backup;
      const list = await listBackups(dir);
      if (opts.json) {
        ctx.io.out(JSON.stringify(list.map((a) => ({ name: a.name, file: a.file, bytes: a.bytes, created_at: new Date(a.createdAt).toISOString() })), null, 2));
        return;
      }
      if (list.length === 0) {
        ctx.io.out(ctx.tr('backup.list_empty', { dir }));
        return;
      }
      ctx.io.out(ctx.tr('backup.list_header', { dir, keep }));
      for (const a of list) ctx.io.out(ctx.tr('backup.list_row', { name: basename(a.file), size: formatBytes(a.bytes), created: new Date(a.createdAt).toISOString() }));
    });
}
