/** `teach logs <svc> [-n N] [--errors]`: last lines (across a rotation), redacted, then the error summary. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { readServiceLog } from '../../ops/logs.js';
import { parseCount } from '../args.js';
import { paint } from '../render/color.js';
import { logSummaryLine } from '../render/logs.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('logs <service>')
    .description('the last lines of a service log, secrets redacted, with a count of error lines')
    .option('-n, --lines <n>', 'how many lines', '50')
    .option('--errors', 'only error, exception and traceback lines')
    .option('--json', 'print as JSON')
    .action(async (service: string, opts: { lines: string; errors?: boolean; json?: boolean }) => {
      const n = parseCount(opts.lines, '--lines', 1, 100_000);
      const view = await readServiceLog(ctx.ops(), ctx.actor(), service, n, { errorsOnly: Boolean(opts.errors) });
      if (opts.json) {
        ctx.io.out(JSON.stringify(view, null, 2));
        return;
      }
      const p = paint(ctx.color);
      for (const l of view.lines) ctx.io.out(l);
      ctx.io.out(p.dim(logSummaryLine(view.service, view.summary, ctx.tr)));
    });
}
