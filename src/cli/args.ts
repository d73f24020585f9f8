/** Argument checks shared by commands: bad input gets a message naming the option, the value and what is allowed. */
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';

export class UsageError extends TeachopsError {
  readonly code = 'usage';
  override exitCode = 2;
}

export function parseCount(raw: string, option: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(t('en', 'cli.bad_count', { option, min, max, got: raw }));
  }
  return n;
}
