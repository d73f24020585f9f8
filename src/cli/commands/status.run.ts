/** The body of `teach status` and `teach monitor status` (registered in status.ts and monitor.ts). */
import type { CliContext } from '../context.js';
import { collectStatus } from '../../ops/status.js';

/** `teach status` exits 3 when a service that should be running is not running, or runs but is unhealthy. */
export const STATUS_DOWN_EXIT = 3;

export async function runStatus(ctx: CliContext, service: string | undefined, opts: { json?: boolean }): Promise<void> {
  const report = await collectStatus(ctx.ops(), service);
  if (opts.json) ctx.io.out(JSON.stringify(report, null, 2));
  else {
    // The table renderer is not needed for --json (what scripts and the benchmark run).
    const [{ renderStatus }, { paint }] = await Promise.all([import('../render/status.js'), import('../render/color.js')]);
    ctx.io.out(renderStatus(report, ctx.tr, paint(ctx.color)));
  }
  // The same verdict as the JSON `ok`, so a script may use either.
  if (!report.ok) ctx.setExit(STATUS_DOWN_EXIT);
}
