/**
 * The variables `${VAR}` references in services.yaml are filled from: the environment, over the dotenv file named
 * by the top-level `env_file` (default: `.env` next to services.yaml, when it exists). The environment wins, as with
 * docker compose, so a one-off `BACKEND_PORT=9000 teach start` still works; the file spares exporting every override
 * in every shell. The file is only read here: its variables are not passed to services (each service has its own
 * `env_file`).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isScalar, type Document } from 'yaml';
import { t } from '../i18n/index.js';
import { interpolateString } from './interpolate.js';
import type { RawProblem } from './problems.js';
import { mergeDotenv } from './dotenv-merge.js';

export const DEFAULT_ENV_FILE = '.env';

export interface InterpolationEnv {
  env: NodeJS.ProcessEnv;
  /** absolute path of the file (read or not: a default `.env` created later must invalidate cached configs) */
  file: string;
  problems: RawProblem[];
}

export function interpolationEnv(doc: Document, configFile: string, env: NodeJS.ProcessEnv): InterpolationEnv {
  const node = doc.get('env_file', true);
  const raw = isScalar(node) && typeof node.value === 'string' ? interpolateString(node.value, env).value : undefined;
  const explicit = raw !== undefined && raw !== '';
  const file = resolve(dirname(configFile), explicit ? raw : DEFAULT_ENV_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return { env, file, problems: [] };
    return { env, file, problems: [{ path: ['env_file'], message: t('en', 'config.env_file_unreadable', { file, reason: code ?? (e as Error).message }) }] };
  }
  return { env: mergeDotenv(text, env), file, problems: [] };
}

