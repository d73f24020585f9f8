/**
 * A service's environment: teachops' own environment, then its env_file (dotenv), then `services.<svc>.env`, then
 * the overrides of this start (the fallback). Later layers win. teachops' Slack credentials are not passed on:
 * no service needs them, and every process that holds a token is one more place it can leak from.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import type { Locale, ServiceConfig } from '../config/types.js';
import { EnvFileUnreadableError } from './errors.js';

export type BaseEnv = Record<string, string | undefined>;

const NOT_INHERITED = new Set(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET']);

export interface ServiceEnv {
  env: Record<string, string>;
  /** false when env_file is configured but does not exist (not an error by itself) */
  envFileExists: boolean;
  error?: EnvFileUnreadableError;
}

export function buildServiceEnv(svc: ServiceConfig, overrides: Record<string, string> | undefined, base: BaseEnv, locale: Locale = 'en'): ServiceEnv {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !NOT_INHERITED.has(k)) env[k] = v;
  let envFileExists = true;
  let error: EnvFileUnreadableError | undefined;
  if (svc.env_file !== null) {
    try {
      Object.assign(env, parse(readFileSync(svc.env_file, 'utf8')));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') envFileExists = false;
      else error = new EnvFileUnreadableError(svc.name, svc.env_file, code ?? (e as Error).message, locale);
    }
  }
  Object.assign(env, svc.env, overrides ?? {});
  return { env, envFileExists, error };
}
