/** `teach status [svc] [--json]`: exit 3 when a service that should be running is not. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { collectStatus } from '../../ops/status.js';
import { renderStatus } from '../render/status.js';
import { paint } from '../render/color.js';

export const STATUS_DOWN_EXIT = 3;

export function register(program: Command, ctx: CliContext): void {
  program
    .command('status [service]')
    .description('state, pid, uptime, CPU, memory, health, port, connections and restarts of each service, and the host')
    .option('--json', 'print as JSON (schema in the README)')
    .action(async (service: string | undefined, opts: { json?: boolean }) => {
      const report = await collectStatus(ctx.ops(), service);
      ctx.io.out(opts.json ? JSON.stringify(report, null, 2) : renderStatus(report, ctx.tr, paint(ctx.color)));
      if (report.down.length > 0) ctx.setExit(STATUS_DOWN_EXIT);
    });
}
