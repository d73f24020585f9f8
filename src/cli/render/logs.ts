import type { LogScan } from '../../probes/logs.js';
import { countParams } from '../../probes/error-summary.js';
import type { Translate } from '../../i18n/index.js';

export function logSummaryLine(service: string, s: LogScan, tr: Translate): string {
  return tr('cli.log_summary', { service, counts: tr('probes.log_counts', countParams(s)) });
}
