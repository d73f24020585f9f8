/**
 * Validated data -> the Config every module uses: paths absolute against the config file's folder, commands as
 * argv, titles filled in, services in start order. Runs only on data that passed the schema and the rules.
 */
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { splitCommand } from './command.js';
import { startOrder } from './deps.js';
import { DEFAULT_ENV_FILE } from './env-file.js';
import type { RawConfig, RawService } from './schema.js';
import type { Config, ServiceConfig } from './types.js';

export interface NormalizeExtras {
  /** the dotenv file interpolation read (env-file.ts) */
  envFile?: string;
  /** variables referenced per dotted path, from interpolation */
  refs?: ReadonlyMap<string, string[]>;
}

function normalizeService(name: string, raw: RawService, dir: string, refs: ReadonlyMap<string, string[]> | undefined): ServiceConfig {
  const { command, title, ...rest } = raw;
  const portVar = refs?.get(`services.${name}.port`)?.[0];
  return {
    ...rest,
    ...(portVar ? { port_env: portVar } : {}),
    name,
    title: title ?? name,
    argv: typeof command === 'string' ? splitCommand(command) : [...command],
    cwd: resolve(dir, raw.cwd),
    env_file: raw.env_file === null ? null : resolve(dir, raw.env_file),
    fallback: raw.fallback === null ? null : { ...raw.fallback, env_file: raw.fallback.env_file === null ? null : resolve(dir, raw.fallback.env_file) },
  };
}

export function normalizeConfig(raw: RawConfig, file: string, extras: NormalizeExtras = {}): Config {
  const abs = resolve(file);
  const dir = dirname(abs);
  const graph = new Map(Object.entries(raw.services).map(([name, s]) => [name, s.depends_on]));
  const serviceNames = startOrder(graph);
  // Insertion order of the record is the start order; consumers iterate `serviceNames` or `Object.values`.
  const services: Record<string, ServiceConfig> = {};
  for (const name of serviceNames) services[name] = normalizeService(name, raw.services[name]!, dir, extras.refs);
  return {
    ...raw,
    file: abs,
    dir,
    logs_dir: resolve(dir, raw.logs_dir),
    env_file: extras.envFile ?? resolve(dir, raw.env_file ?? DEFAULT_ENV_FILE),
    runbook: raw.runbook === null ? null : resolve(dir, raw.runbook),
    backup: { ...raw.backup, dir: resolve(dir, raw.backup.dir), include: raw.backup.include.map((p) => resolve(dir, p)) },
    services,
    serviceNames,
    metrics: raw.metrics === null ? null : { ...raw.metrics, host: raw.metrics.host ?? hostname() },
  };
}
