/** `teach audit [-n N] [--json]`: who did what, from where, with what outcome. The body is in audit.run.ts. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('show the audit log: every command and click, allowed or refused')
    .option('-n, --lines <n>', 'how many entries', '20')
    .option('--json', 'print as JSON')
    .action(async (opts: { lines: string; json?: boolean }) => (await import('./audit.run.js')).runAudit(ctx, opts));
}
