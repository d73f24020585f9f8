/** `teach run`: the daemon (what `npm start` runs). Imported lazily so other commands never load Slack. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('run the daemon: start or adopt the autostart services, monitor them, connect to Slack')
    .action(async () => {
      const { startDaemon } = await import('../../main.js');
      ctx.setExit(await startDaemon(ctx.configPath));
    });
}
