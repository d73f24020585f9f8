/** `teach status [svc] [--json]`: exit 3 when a service that should be running is not. The body is in status.run.ts. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('status [service]')
    .description('state, pid, uptime, CPU, memory, health, port, connections and restarts of each service, and the host')
    .option('--json', 'print as JSON (schema in the README)')
    .action(async (service: string | undefined, opts: { json?: boolean }) => (await import('./status.run.js')).runStatus(ctx, service, opts));
}
