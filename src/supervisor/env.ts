/**
 * A service's environment: teachops' own environment, then its env_file (dotenv), then `services.<svc>.env`; with
 * the fallback active, the fallback's env_file and env on top. Later layers win. teachops' Slack credentials are not
 * passed on: no service needs them, and every process that holds a token is one more place it can leak from.
 * The variables the start requires are the service's `required_env`, or the fallback's own list while it runs.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import type { Locale, ServiceConfig } from '../config/types.js';
import { EnvFileUnreadableError } from './errors.js';

export type BaseEnv = Record<string, string | undefined>;

const NOT_INHERITED = new Set(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET']);

export interface ServiceEnv {
  env: Record<string, string>;
  /** what must be set, and the env file it is expected in (for the message) */
  required: string[];
  requiredFile: string | null;
  /** false when that env file is configured but does not exist (not an error by itself) */
  envFileExists: boolean;
  error?: EnvFileUnreadableError;
  /** the overrides in force (the fallback's env), for the pid file and status */
  overrides?: Record<string, string>;
}

export function buildServiceEnv(svc: ServiceConfig, fallback: boolean, base: BaseEnv, locale: Locale = 'en'): ServiceEnv {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !NOT_INHERITED.has(k)) env[k] = v;
  const fb = fallback ? svc.fallback : null;
  const files = [svc.env_file, fb?.env_file ?? null];
  const exists = new Map<string, boolean>();
  let error: EnvFileUnreadableError | undefined;
  for (const file of files) {
    if (file === null) continue;
    try {
      Object.assign(env, parse(readFileSync(file, 'utf8')));
      exists.set(file, true);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      exists.set(file, false);
      if (code !== 'ENOENT') error ??= new EnvFileUnreadableError(svc.name, file, code ?? (e as Error).message, locale);
    }
  }
  Object.assign(env, svc.env, fb?.env ?? {});
  const required = fb?.required_env ?? svc.required_env;
  // Name the file the keys are expected in: the fallback's own when it has one.
  const requiredFile = fb?.env_file ?? svc.env_file;
  return {
    env,
    required,
    requiredFile,
    envFileExists: requiredFile === null ? true : (exists.get(requiredFile) ?? true),
    ...(error ? { error } : {}),
    ...(fb && Object.keys(fb.env).length > 0 ? { overrides: fb.env } : {}),
  };
}
