import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../config/types.js';

/** A Slack user who is not in access.operators tried to change something. */
export class NotOperatorError extends TeachopsError {
  readonly code = 'not_operator';
  constructor(readonly user: string, readonly operators: string[], locale: Locale = 'en') {
    super(t(locale, 'ops.not_operator', { operators: operators.map((o) => `<@${o}>`).join(', ') }));
  }
}

/** Someone other than the person who asked (and not an operator) tried to answer their confirmation. */
export class NotRequesterError extends TeachopsError {
  readonly code = 'not_requester';
  constructor(readonly user: string, readonly requester: string, locale: Locale = 'en') {
    super(t(locale, 'ops.not_requester', { requester: `<@${requester}>` }));
  }
}

/** Every refusal of a permission check: audited as "refused", answered politely, never logged as a failure. */
export function isRefusal(e: unknown): boolean {
  return e instanceof NotOperatorError || e instanceof NotRequesterError || e instanceof NoOperatorsError || e instanceof ChannelNotAllowedError;
}

/** No operators configured: every mutation from Slack is refused until the admin sets the key. */
export class NoOperatorsError extends TeachopsError {
  readonly code = 'no_operators';
  constructor(locale: Locale = 'en') {
    super(t(locale, 'ops.no_operators'), { hint: t(locale, 'ops.no_operators_hint') });
  }
}

/** /teach used in a channel outside access.channels. */
export class ChannelNotAllowedError extends TeachopsError {
  readonly code = 'channel_not_allowed';
  constructor(readonly channel: string, readonly allowed: string[], locale: Locale = 'en') {
    super(t(locale, 'ops.channel_not_allowed', { channels: allowed.map((c) => `<#${c}>`).join(', ') }));
  }
}
