/** `teach doctor`: check the host, the config and every service's prerequisites; exit 1 when something fails. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('check Node, the config, env keys, ports, commands, the logs folder and ulimit -n')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./doctor.run.js')).runDoctor(ctx, opts));
}
