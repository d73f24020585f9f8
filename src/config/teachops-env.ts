/**
 * teachops' own settings (Slack tokens, TEACHOPS_*) come from the environment or `.env` in the working directory.
 * `.env` is read into a separate object, never into process.env, so the services teachops spawns do not inherit
 * the bot's tokens. A variable set in the real environment wins over `.env`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';

export function readDaemonEnv(cwd: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parse(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}
