/** The body of `teach logs` (registered in logs.ts, loaded when it runs). */
import type { CliContext } from '../context.js';
import { readServiceLog } from '../../ops/logs.js';
import { parseCount } from '../args.js';
import { paint } from '../render/color.js';
import { logSummaryLine } from '../render/logs.js';

export async function runLogs(ctx: CliContext, service: string, opts: { lines: string; errors?: boolean; json?: boolean }): Promise<void> {
  const n = parseCount(opts.lines, '--lines', 1, 100_000);
  const view = await readServiceLog(ctx.ops(), ctx.actor(), service, n, { errorsOnly: Boolean(opts.errors) });
  if (opts.json) {
    ctx.io.out(JSON.stringify(view, null, 2));
    return;
  }
  const p = paint(ctx.color);
  for (const l of view.lines) ctx.io.out(l);
  ctx.io.out(p.dim(logSummaryLine(view.service, view.summary, ctx.tr)));
  // Skipped generations (a symlink planted among them): said on stderr, so piping the lines stays clean.
  for (const problem of view.summary.problems ?? []) ctx.io.err(p.yellow(problem));
}
