#!/usr/bin/env node
/**
 * `teach <command>`: the host-side CLI. Only this entry point (and src/main.ts) exits the process.
 * Exit codes: 0 ok, 1 failed, 2 usage or config error, 3 `status` when a desired-running service is not running.
 */
import { CommanderError } from 'commander';
import { CliContext } from './cli/context.js';
import { buildProgram } from './cli/program.js';
import { isTeachopsError } from './errors.js';
import { t } from './i18n/index.js';
import { redact } from './util/redact.js';
import { isCorruption, StoreCorruptError } from './store/integrity.js';
import { storePath } from './store/db.js';
import { isUnwritable, StoreUnwritableError } from './store/unwritable.js';
import { diagnoseStore } from './store/diagnose.js';

/** SQLite's "database disk image is malformed" from any query: the state database, named with the way out. */
function corruptionOf(ctx: CliContext, e: unknown): unknown {
  try {
    return new StoreCorruptError(storePath(ctx.config().logs_dir), (e as Error).message, ctx.locale, e);
  } catch {
    return e;
  }
}

/** SQLite's "database is locked" / "database or disk is full" from a write: which file, why (the host says), the way out. */
function unwritableOf(ctx: CliContext, e: unknown): unknown {
  try {
    return new StoreUnwritableError(diagnoseStore(storePath(ctx.config().logs_dir), e, ctx.locale), ctx.locale, e);
  } catch {
    return e;
  }
}

async function main(argv: string[]): Promise<number> {
  const ctx = new CliContext({
    // The terminal is a way out like Slack: every line passes the one redactor (known values and secret shapes).
    out: (s) => process.stdout.write(redact(s) + '\n'),
    err: (s) => process.stderr.write(redact(s) + '\n'),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  });
  try {
    await buildProgram(ctx).parseAsync(argv);
    return ctx.exitCode;
  } catch (caught) {
    let e = caught;
    if (e instanceof CommanderError) {
      // --help and --version are "errors" to commander; usage errors were already printed by it.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isCorruption(e)) e = corruptionOf(ctx, e);
    else if (isUnwritable(e)) e = unwritableOf(ctx, e);
    if (isTeachopsError(e)) {
      ctx.io.err(t(ctx.locale, 'cli.error_prefix', { message: e.message }));
      if (e.hint) ctx.io.err(t(ctx.locale, 'cli.fix', { hint: e.hint }));
      return e.exitCode;
    }
    ctx.io.err(t(ctx.locale, 'cli.unexpected_error', { message: e instanceof Error ? e.message : String(e) }));
    if (process.env.TEACHOPS_DEBUG) ctx.io.err(e instanceof Error ? (e.stack ?? '') : '');
    return 1;
  } finally {
    ctx.close();
  }
}

main(process.argv).then(
  (code) => {
    // Exit once stdout has drained, without waiting for idle handles (pidusage's history timer, a closed Slack app).
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exitCode = 1;
  },
);
