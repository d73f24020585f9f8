/** `teach restore <archive> [--dry-run]`: the ops guide's restore, each step reported as it happens. Body: restore.run.ts. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('restore <archive>')
    .description('verify an archive, stop all, restore config and data, start all, verify health')
    .option('--dry-run', 'show what it would do; change nothing')
    .option('--json', 'print the report as JSON')
    .action(async (archive: string, opts: { dryRun?: boolean; json?: boolean }) => (await import('./restore.run.js')).runRestore(ctx, archive, opts));
}
