/** Which config file: `--config`, else $TEACHOPS_CONFIG, else config/services.yaml (relative to the cwd). */
import { resolve } from 'node:path';

export const DEFAULT_CONFIG_PATH = 'config/services.yaml';

export interface ResolveOptions {
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function resolveConfigPath(opts: ResolveOptions = {}): string {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  return resolve(cwd, opts.file || env.TEACHOPS_CONFIG || DEFAULT_CONFIG_PATH);
}
