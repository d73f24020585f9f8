#!/usr/bin/env node
/**
 * `npm start` = `teach run`: the daemon. Only this entry point (and src/cli.ts) exits the process.
 */
import { runDaemon } from './daemon/run.js';
import { daemonParts } from './daemon/parts.js';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isTeachopsError } from './errors.js';
import { t } from './i18n/index.js';
import { redact } from './util/redact.js';

export async function startDaemon(configPath?: string): Promise<number> {
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  try {
    return await runDaemon(
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
  } catch (e) {
    if (isTeachopsError(e)) {
      // English: the failure may be the config itself, so its locale is not known.
      process.stderr.write(`${t('en', 'cli.error_prefix', { message: e.message })}\n${e.hint ? `${t('en', 'cli.fix', { hint: e.hint })}\n` : ''}`);
      return e.exitCode;
    }
    process.stderr.write(`${t('en', 'cli.unexpected_error', { message: e instanceof Error ? e.message : String(e) })}\n`);
    if (process.env.TEACHOPS_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

// Run when executed directly (node dist/src/main.js), not when imported by `teach run`.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  // Exit once stdout has drained: process.exit() right away can drop the last lines written to a pipe.
  startDaemon().then((code) => process.stdout.write('', () => process.exit(code)));
}
