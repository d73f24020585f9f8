/** `teach doctor`: check the host, the config and every service's prerequisites; exit 1 when something fails. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('check Node, the config, env keys, ports, commands, the logs folder, the state database, links and modes, ulimit -n')
    .option('--json', 'print as JSON')
    .option('--repair', 'when the state database is damaged: keep it aside, start a clean one, adopt running services')
    .action(async (opts: { json?: boolean; repair?: boolean }) => (await import('./doctor.run.js')).runDoctor(ctx, opts));
}
