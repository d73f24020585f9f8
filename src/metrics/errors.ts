/** Why the /metrics listener could not bind, with who holds the port when that is the reason. */
import type { ListenAddress } from '../config/listen.js';
import { formatListenAddress } from '../config/listen.js';
import type { Locale } from '../config/types.js';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface MetricsListenFacts {
  address: ListenAddress;
  /** the socket error code: EADDRINUSE, EADDRNOTAVAIL, EACCES ... */
  errno: string | undefined;
  reason: string;
  /** set when the port is in use and the holder is visible */
  holder?: { pid?: number; command?: string };
  file: string;
  retry: string;
}

export class MetricsListenError extends TeachopsError {
  readonly code = 'metrics_listen';
  constructor(readonly facts: MetricsListenFacts, locale: Locale = 'en') {
    const address = formatListenAddress(facts.address);
    const p = { address, port: facts.address.port, reason: facts.reason, file: facts.file, retry: facts.retry, pid: facts.holder?.pid ?? '?', command: facts.holder?.command ?? '?' };
    const inUse = facts.errno === 'EADDRINUSE';
    const message = !inUse ? t(locale, 'metrics.listen_failed', p) : facts.holder?.pid === undefined ? t(locale, 'metrics.in_use_unknown', p) : t(locale, 'metrics.in_use', p);
    super(message, { hint: t(locale, inUse ? 'metrics.in_use_hint' : 'metrics.listen_failed_hint', p) });
  }
}
