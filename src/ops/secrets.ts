/** The secret values a service's output may contain: those of its own environment and env_file. */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import type { ServiceConfig } from '../config/types.js';
import { secretValues } from '../util/redact.js';

export function serviceSecrets(svc: ServiceConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  let fromFile: Record<string, string> = {};
  if (svc.env_file && existsSync(svc.env_file)) {
    try {
      fromFile = parse(readFileSync(svc.env_file));
    } catch {
      fromFile = {};
    }
  }
  return secretValues({ ...env, ...fromFile, ...svc.env, ...(svc.fallback?.env ?? {}) });
}
