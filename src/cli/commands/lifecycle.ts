/**
 * `teach start|stop|restart [svc|all]`: what start_services.sh / stop_services.sh did, health-verified.
 * The body (lifecycle.run.ts, and with it the supervisor's spawn/stop machinery) is loaded when one of these runs.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { LifecycleAction } from '../../supervisor/types.js';

export function register(program: Command, ctx: CliContext): void {
  const actions: [LifecycleAction, string][] = [
    ['start', 'start a service or all, in dependency order, and wait until healthy'],
    ['stop', 'stop a service or all, in reverse dependency order'],
    ['restart', 'stop then start, health-verified'],
  ];
  for (const [action, description] of actions) {
    program
      .command(`${action} [service]`)
      .description(`${description} (default: all)`)
      .option('--json', 'print the results as JSON')
      .action(async (service: string | undefined, opts: { json?: boolean }) => (await import('./lifecycle.run.js')).runLifecycleCommand(ctx, action, service, opts));
  }
}
