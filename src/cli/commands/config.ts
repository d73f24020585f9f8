/** `teach config check`: validate services.yaml, every problem at once; exit 2 when invalid. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('configuration commands');
  config
    .command('check')
    .description('validate the config file (and the runbook it names) and report every problem with its line and column')
    .action(async () => {
      // The loaders throw ConfigError (exit 2) listing every problem; the entry point prints it.
      const cfg = await ctx.loadFresh();
      const { formatConfigSummary } = await import('../../config/summary.js');
      ctx.io.out(formatConfigSummary(cfg, cfg.locale));
      if (cfg.runbook) {
        const { loadRunbook } = await import('../../incidents/runbook-load.js');
        const rb = loadRunbook(cfg.runbook, { cwd: ctx.io.cwd });
        const steps = rb.phases.reduce((n, p) => n + p.steps.length, 0);
        ctx.io.out(ctx.tr('cli.runbook_ok', { file: cfg.runbook, phases: rb.phases.length, steps }));
      }
    });
}
