/** Which services an operation touches, in which order. Pure functions of the config. */
import type { Config } from '../config/types.js';
import { UnknownServiceError } from './errors.js';

export function assertService(config: Config, name: string): void {
  if (!(name in config.services)) throw new UnknownServiceError(name, config.serviceNames, config.locale);
}

/** Every service `name` depends on, directly or not, in start order (config order is already dependency order). */
export function dependenciesOf(config: Config, name: string): string[] {
  const seen = new Set<string>();
  const visit = (n: string) => {
    for (const d of config.services[n]?.depends_on ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        visit(d);
      }
    }
  };
  visit(name);
  return config.serviceNames.filter((n) => seen.has(n));
}

/** The first direct dependency of `name` that failed in this operation, if any. */
export function failedDependency(config: Config, name: string, failed: ReadonlySet<string>): string | undefined {
  return config.services[name]?.depends_on.find((d) => failed.has(d));
}
