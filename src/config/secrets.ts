/**
 * The secret values teachops knows, computed in one place from the config and the environment, and registered with
 * the redactor (src/util/redact.ts) whenever a config is loaded, so every way out of the process removes them:
 * - the process environment's variables whose names look secret,
 * - each service's `env`, `env_file` and `fallback` (env and env_file) variables whose names look secret,
 * - every variable a service or its fallback lists in `required_env` (they are the keys it needs), wherever set.
 * Values shorter than MIN_SECRET_LENGTH are skipped (they would blank ordinary words).
 */
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { parse } from 'dotenv';
import type { Config, ServiceConfig } from './types.js';
import { secretValues, setKnownSecrets } from '../util/redact.js';

function readEnvFile(file: string | null | undefined, base: string): Record<string, string> {
  if (!file) return {};
  try {
    return parse(readFileSync(resolve(base, file)));
  } catch {
    // Missing or unreadable: the start preflight names it; here there is simply nothing to redact from it.
    return {};
  }
}

/** Fallback keys other than `env` may be added by later config versions; read them without depending on them. */
interface FallbackShape {
  env?: Record<string, string>;
  env_file?: string | null;
  required_env?: string[];
}

function serviceValues(config: Config, svc: ServiceConfig, env: NodeJS.ProcessEnv): string[] {
  const fb = (svc.fallback ?? {}) as FallbackShape;
  const required = [...svc.required_env, ...(fb.required_env ?? [])];
  const merged = { ...env, ...readEnvFile(svc.env_file, config.dir), ...svc.env, ...readEnvFile(fb.env_file, config.dir), ...(fb.env ?? {}) };
  return secretValues(merged, required);
}

export function secretValuesOf(config: Config, env: NodeJS.ProcessEnv = process.env): string[] {
  const out = new Set(secretValues(env));
  for (const name of config.serviceNames) for (const v of serviceValues(config, config.services[name]!, env)) out.add(v);
  // `.env` beside the config feeds interpolation and the services: its secret-named values are known too.
  for (const v of secretValues(readEnvFile('.env', dirname(config.file)))) out.add(v);
  return [...out];
}

/** Registers the config's secret values with the redactor (replacing what an earlier config registered). */
export function rememberSecrets(config: Config, env: NodeJS.ProcessEnv = process.env): void {
  setKnownSecrets(secretValuesOf(config, env));
}
