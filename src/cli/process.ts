/**
 * What both ways into the CLI share (src/cli.ts through commander, src/cli/fast.ts without it): the context
 * on this process's terminal, the report of a failure, and the exit.
 */
import { CliContext } from './context.js';
import { isTeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import { redact } from '../util/redact.js';
import { isCorruption, StoreCorruptError } from '../store/integrity.js';
import { storePath } from '../store/db.js';
import { isUnwritable, StoreUnwritableError } from '../store/unwritable.js';
import { diagnoseStore } from '../store/diagnose.js';

export function processContext(): CliContext {
  return new CliContext({
    // The terminal is a way out like Slack: every line passes the one redactor (known values and secret shapes).
    out: (s) => process.stdout.write(redact(s) + '\n'),
    err: (s) => process.stderr.write(redact(s) + '\n'),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  });
}

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

/** Says what went wrong (and how to fix it) on stderr; returns the exit code. */
export function reportFailure(ctx: CliContext, caught: unknown): number {
  let e = caught;
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
}

/** Exit with the command's code once stdout has drained, without waiting for idle handles (a closed Slack app's sockets). */
export function exitWhenDone(run: Promise<number>): void {
  run.then(
    (code) => {
      process.exitCode = code;
      process.stdout.write('', () => process.exit(code));
    },
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
