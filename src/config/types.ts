/**
 * The normalized config every other module uses: paths absolute, the command split into argv, services in
 * dependency-respecting order, the service name inside each service.
 */
import type { RawConfig, RawService } from './schema.js';

export type Locale = RawConfig['locale'];
export type RestartPolicy = RawService['restart']['policy'];

export interface ServiceConfig extends Omit<RawService, 'command' | 'title'> {
  name: string;
  title: string;
  /** argv[0] is the program. */
  argv: string[];
  /** absolute */
  cwd: string;
  /** absolute, or null */
  env_file: string | null;
  /** the variable whose `${VAR}` set `port` (named in port-conflict hints) */
  port_env?: string;
}

export interface MetricsConfig extends Omit<NonNullable<RawConfig['metrics']>, 'host'> {
  /** the `host` label: as configured, else this machine's hostname */
  host: string;
}

export interface Config extends Omit<RawConfig, 'services' | 'metrics' | 'env_file'> {
  /** absolute path of the dotenv file `${VAR}` interpolation reads (default `.env` beside services.yaml; may not exist) */
  env_file: string;
  /** absolute path of services.yaml */
  file: string;
  /** absolute folder of services.yaml; relative paths resolve against it */
  dir: string;
  /** absolute */
  logs_dir: string;
  /** absolute or null */
  runbook: string | null;
  backup: RawConfig['backup'] & { dir: string };
  /** in start order (dependencies first) */
  services: Record<string, ServiceConfig>;
  serviceNames: string[];
  /** null: no /metrics listener */
  metrics: MetricsConfig | null;
}
