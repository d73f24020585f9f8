/** `teach logs <svc> [-n N] [--errors]`: last lines (across a rotation), redacted, then the error summary. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('logs <service>')
    .description('the last lines of a service log, secrets redacted, with a count of error lines')
    .option('-n, --lines <n>', 'how many lines', '50')
    .option('--errors', 'only error, exception and traceback lines')
    .option('--json', 'print as JSON')
    .action(async (service: string, opts: { lines: string; errors?: boolean; json?: boolean }) => (await import('./logs.run.js')).runLogs(ctx, service, opts));
}
