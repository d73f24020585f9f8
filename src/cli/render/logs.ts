import type { LogScan } from '../../probes/logs.js';
import type { Translate } from '../../i18n/index.js';

export function logSummaryLine(service: string, s: LogScan, tr: Translate): string {
  return tr('cli.log_summary', { service, scanned: s.scanned, errors: s.errors, exceptions: s.exceptions, tracebacks: s.tracebacks });
}
