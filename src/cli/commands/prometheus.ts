/** `teach prometheus rules [--out file]`: hand the alert rules over to Prometheus. The body is in prometheus.run.ts. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  const prometheus = program.command('prometheus').description('hand teachops\' monitoring over to Prometheus');
  prometheus
    .command('rules')
    .description('write the alert rules of services.yaml as a Prometheus rule file (to stdout, or --out)')
    .option('-o, --out <file>', 'write the rule file here instead of printing it')
    .action(async (opts: { out?: string }) => (await import('./prometheus.run.js')).runPrometheusRules(ctx, opts));
}
