/** `teach backup` (one now) and `teach backup list`. The bodies are in backup.run.ts. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  const backup = program
    .command('backup')
    .description('back up the config, logs and databases now (one timestamped tar.gz in backup.dir)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./backup.run.js')).runBackup(ctx, opts));

  backup
    .command('list')
    .description('list the backup archives, oldest first')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./backup.run.js')).runBackupList(ctx, opts));
}
