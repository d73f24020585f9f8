#!/usr/bin/env node
/**
 * `npm start` = `teach run`: the daemon. Only this entry point (and src/cli.ts) exits the process.
 */
import { runDaemon } from './daemon/run.js';
import { daemonParts } from './daemon/parts.js';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isTeachopsError } from './errors.js';

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
        out: (s) => process.stdout.write(s + '\n'),
        err: (s) => process.stderr.write(s + '\n'),
        isTTY: Boolean(process.stdout.isTTY),
        ...(configPath ? { configPath } : {}),
        stopSignal,
      },
      daemonParts,
    );
  } catch (e) {
    if (isTeachopsError(e)) {
      process.stderr.write(`error: ${e.message}\n${e.hint ? `fix: ${e.hint}\n` : ''}`);
      return e.exitCode;
    }
    process.stderr.write(`unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

// Run when executed directly (node dist/src/main.js), not when imported by `teach run`.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  // Exit once stdout has drained: process.exit() right away can drop the last lines written to a pipe.
  startDaemon().then((code) => process.stdout.write('', () => process.exit(code)));
}
