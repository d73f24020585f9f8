/** The slice of a normalized Config that rotation reads, for tests that need no services.yaml. */
import type { Config } from '../../src/config/types.js';

export function makeConfig(logsDir: string, services: string[], rotation: { max_size: number; keep: number }): Config {
  return { logs_dir: logsDir, serviceNames: services, log_rotation: rotation } as Partial<Config> as Config;
}
