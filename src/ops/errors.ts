import { TeachopsError } from '../errors.js';
import { markup, t, tEscaped, type MarkupParams, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../config/types.js';
import { escapeMrkdwn } from '../util/mrkdwn.js';

/** The message plainly (`@U0123`, `#C0123`) and as Slack mrkdwn with real mentions and channel links. */
function both(locale: Locale, key: MessageKey, name: string, ids: string[], sigil: '@' | '#') {
  const plain: MarkupParams = { [name]: ids.map((id) => `${sigil}${id}`).join(', ') };
  const slack: MarkupParams = { [name]: markup(ids.map((id) => `<${sigil}${id}>`).join(', ')) };
  return { message: t(locale, key, plain as Record<string, string>), markup: tEscaped(locale, key, slack, escapeMrkdwn) };
}

/** A Slack user who is not in access.operators tried to change something. */
export class NotOperatorError extends TeachopsError {
  readonly code = 'not_operator';
  constructor(readonly user: string, readonly operators: string[], locale: Locale = 'en') {
    const m = both(locale, 'ops.not_operator', 'operators', operators, '@');
    super(m.message, { markup: m.markup });
  }
}

/** Someone other than the person who asked (and not an operator) tried to answer their confirmation. */
export class NotRequesterError extends TeachopsError {
  readonly code = 'not_requester';
  constructor(readonly user: string, readonly requester: string, locale: Locale = 'en') {
    const m = both(locale, 'ops.not_requester', 'requester', [requester], '@');
    super(m.message, { markup: m.markup });
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
    const m = both(locale, 'ops.channel_not_allowed', 'channels', allowed, '#');
    super(m.message, { markup: m.markup });
  }
}
