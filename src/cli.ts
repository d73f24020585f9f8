#!/usr/bin/env node
/**
 * `teach <command>`: the host-side CLI. Only this entry point, src/cli/fast.ts and src/main.ts exit the process
 * (src/teach.ts, the installed `teach`, chooses between the first two).
 * Exit codes: 0 ok, 1 failed, 2 usage or config error, 3 `status` when a desired-running service is not running.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';
import { exitWhenDone, processContext, reportFailure } from './cli/process.js';

async function main(argv: string[]): Promise<number> {
  const ctx = processContext();
  try {
    await buildProgram(ctx).parseAsync(argv);
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version are "errors" to commander; usage errors were already printed by it.
      return e.exitCode === 0 ? 0 : 2;
    }
    return reportFailure(ctx, e);
  } finally {
    ctx.close();
  }
}

exitWhenDone(main(process.argv));
