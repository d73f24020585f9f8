/** `teach service install`: a systemd unit for `teach run`, and the commands that enable it. Body: service.run.ts. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  const service = program.command('service').description('run teachops as a systemd service');
  service
    .command('install')
    .description('write teachops.service (restart on failure, KillMode=process) and print how to enable it')
    .option('--system', 'write it to /etc/systemd/system directly (needs root)')
    .option('--user <name>', 'run teachops as this user (default: you, or $SUDO_USER under sudo)')
    .option('--env-file <file>', 'dotenv file for the bot (default: ./.env)', '.env')
    .action(async (opts: { system?: boolean; user?: string; envFile: string }) => (await import('./service.run.js')).runServiceInstall(ctx, opts));
}
