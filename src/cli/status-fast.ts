/**
 * `teach status [service] [--json]` without commander, bundled into one file of its own (dist/cli/status.js, see
 * scripts/bundle.ts): the command scripts and monitoring run most. It runs exactly what the commander path runs
 * (the same context, runStatus, failure report and exit); it only skips building the command tree. It needs the
 * validated config from the per-user cache: when there is no usable entry it does nothing and returns false, and
 * src/teach.ts hands the command line to the full CLI, which loads (and caches) the config and reports problems.
 */
import type { FastStatusArgs } from './fast-args.js';
import { exitWhenDone, processContext, reportFailure } from './process.js';
import { runStatus } from './commands/status.run.js';

export function runFastStatus(args: FastStatusArgs): boolean {
  const ctx = processContext();
  if (args.configPath) ctx.configPath = args.configPath;
  if (!ctx.prepareFromCache()) return false;
  exitWhenDone(
    (async () => {
      try {
        await runStatus(ctx, args.service, { json: args.json });
        return ctx.exitCode;
      } catch (e) {
        return reportFailure(ctx, e);
      } finally {
        ctx.close();
      }
    })(),
  );
  return true;
}
