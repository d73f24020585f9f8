/** `teach config check`: validate services.yaml, every problem at once; exit 2 when invalid. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { formatConfigSummary } from '../../config/summary.js';

export function register(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('configuration commands');
  config
    .command('check')
    .description('validate the config file and report every problem with its line and column')
    .action(async () => {
      // The full loader throws ConfigError (exit 2) listing every problem; the entry point prints it.
      const cfg = await ctx.loadFresh();
      ctx.io.out(formatConfigSummary(cfg, cfg.locale));
    });
}
