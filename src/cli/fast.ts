/**
 * The fast path of `teach status|start|stop|restart [service] [--json]`: no commander, and each command bundled into
 * one file of its own (dist/cli/status.js, dist/cli/lifecycle.js; see scripts/bundle.ts). It runs exactly what the
 * commander path runs (the same context, command body, failure report and exit) and only skips building the command
 * tree. It needs the validated config from the per-user cache: when there is no usable entry it does nothing and
 * returns false, and src/teach.ts hands the command line to the full CLI, which loads (and caches) the config and
 * reports any problem with it.
 */
import type { CliContext } from './context.js';
import type { FastArgs } from './fast-args.js';
import { exitWhenDone, processContext, reportFailure } from './process.js';

export function runFast(args: FastArgs, body: (ctx: CliContext) => Promise<void>): boolean {
  const ctx = processContext();
  if (args.configPath) ctx.configPath = args.configPath;
  if (!ctx.prepareFromCache()) return false;
  exitWhenDone(
    (async () => {
      try {
        await body(ctx);
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
