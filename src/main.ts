#!/usr/bin/env node
/**
 * `npm start` = `teach run`: the daemon. Only this entry point (and src/cli.ts) exits the process.
 *
 * Process-level policy for errors nothing else caught (background work goes through src/util/background.ts, so
 * reaching these handlers is a bug, said loudly with its stack):
 * - `unhandledRejection` is not fatal: a promise rejected with nobody listening has unwound its own work only;
 *   the rest of the daemon is as consistent as after any caught error, and a supervisor that exits leaves the
 *   services unsupervised. It is logged and counted, and supervision goes on.
 * - `uncaughtException` is fatal: a synchronous throw out of a callback can leave in-memory state half-updated (a
 *   timer chain broken, a lock flag set), and Node documents that resuming is unsafe. The daemon shuts down in
 *   the usual order (in-flight work finishes, delivery flushes, the store closes; the services keep running) and
 *   exits 70 (EX_SOFTWARE), so the service manager starts a fresh `teach run`, which adopts the services.
 * - EPIPE on stdout/stderr (the terminal or pipe went away) is ignored: logs/monitor.log still has the alerts.
 */
import './daemon-heap.js'; // first: the heap policy holds for everything the daemon allocates
import { runDaemon } from './app/run.js';
import { daemonParts } from './app/parts.js';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorMessage, isTeachopsError } from './errors.js';
import { t } from './i18n/index.js';
import { redact } from './util/redact.js';

const EX_SOFTWARE = 70;

export async function startDaemon(configPath?: string): Promise<number> {
  let fatal = false;
  let stop: (reason: string) => void = () => undefined;
  const stopSignal = new Promise<string>((resolve) => {
    stop = resolve;
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const loud = (line: string, e: unknown) => {
    process.stderr.write(`${line}\n`);
    if (e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  };
  const onRejection = (reason: unknown) => loud(t('en', 'daemon.unhandled_rejection', { error: errorMessage(reason) }), reason);
  const onException = (e: unknown) => {
    loud(t('en', 'daemon.uncaught_exception', { error: errorMessage(e) }), e);
    fatal = true;
    stop('uncaughtException');
  };
  const ignoreEpipe = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') onException(e);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  process.stdout.on('error', ignoreEpipe);
  process.stderr.on('error', ignoreEpipe);
  try {
    const code = await runDaemon(
      {
        cwd: process.cwd(),
        env: process.env,
        out: (s) => process.stdout.write(redact(s) + '\n'),
        err: (s) => process.stderr.write(redact(s) + '\n'),
        isTTY: Boolean(process.stdout.isTTY),
        ...(configPath ? { configPath } : {}),
        stopSignal,
      },
      daemonParts,
    );
    return fatal ? EX_SOFTWARE : code;
  } catch (e) {
    if (isTeachopsError(e)) {
      // English: the failure may be the config itself, so its locale is not known.
      process.stderr.write(`${t('en', 'cli.error_prefix', { message: e.message })}\n${e.hint ? `${t('en', 'cli.fix', { hint: e.hint })}\n` : ''}`);
      return e.exitCode;
    }
    process.stderr.write(`${t('en', 'cli.unexpected_error', { message: e instanceof Error ? e.message : String(e) })}\n`);
    if (process.env.TEACHOPS_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 1;
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}

/** Runs the daemon, then exits once stdout has drained: process.exit() right away can drop the last lines written to a pipe. */
export function runDaemonProcess(configPath?: string): void {
  void startDaemon(configPath).then((code) => process.stdout.write('', () => process.exit(code)));
}

// Run when executed directly (node dist/cli/daemon.js, node dist/src/main.js), not when imported by `teach run`.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) runDaemonProcess();
