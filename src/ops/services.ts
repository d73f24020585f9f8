/** Service names from requests are checked against the config before anything else sees them. */
import type { Config } from '../config/types.js';
import { UnknownServiceError } from '../supervisor/errors.js';

export function assertKnownService(config: Config, name: string, allowAll = false): void {
  if (allowAll && name === 'all') return;
  if (!config.services[name]) throw new UnknownServiceError(name, config.serviceNames, config.locale);
}
