import type { Locale } from '../config/types.js';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';

export class RuleFileWriteError extends TeachopsError {
  readonly code = 'rule_file_write';
  constructor(readonly file: string, reason: string, locale: Locale = 'en', cause?: unknown) {
    super(t(locale, 'metrics.rules_write_failed', { file, reason }), { hint: t(locale, 'metrics.rules_write_failed_hint'), cause });
  }
}
