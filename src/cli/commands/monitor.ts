/** `teach monitor status|full|watch [sec]|report|logs`: what monitor_services.sh did. The bodies are in monitor.run.ts. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  const monitor = program.command('monitor').description('monitoring views: status, full, watch, report, logs');

  monitor
    .command('status')
    .description('same as `teach status`')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./status.run.js')).runStatus(ctx, undefined, opts));

  monitor
    .command('full')
    .description('status + processes + host resources + connections per port + log summary')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./monitor.run.js')).runMonitorFull(ctx, opts));

  monitor
    .command('watch [seconds]')
    .description('refresh the status in place every N seconds (default 5) until Ctrl-C')
    .action(async (seconds: string | undefined) => (await import('./monitor.run.js')).runMonitorWatch(ctx, seconds));

  monitor
    .command('report')
    .description('write a Markdown report to logs/reports/ and print its path')
    .action(async () => (await import('./monitor.run.js')).runMonitorReport(ctx));

  monitor
    .command('logs')
    .description('error, exception and traceback counts of every service log, with the latest lines')
    .action(async () => (await import('./monitor.run.js')).runMonitorLogs(ctx));
}
