/**
 * One coded error per way the Slack connection can fail, each naming the variable or URL to fix. Messages come
 * from the catalogue in the locale given (the config's; 'en' when none is known).
 */
import type { Locale } from '../config/types.js';
import { TeachopsError } from '../errors.js';
import { markup, t, tEscaped } from '../i18n/index.js';
import { escapeMrkdwn } from '../util/mrkdwn.js';

/** Some Slack variables are set, but not a combination that connects. */
export class SlackEnvIncompleteError extends TeachopsError {
  readonly code = 'slack_env_incomplete';
  constructor(readonly missing: string, readonly present: string, locale: Locale = 'en') {
    super(t(locale, 'slack.env_incomplete', { present, missing }), { hint: t(locale, 'slack.env_incomplete_hint', { missing }) });
  }
}

/** A token in the wrong variable (an xapp- token in SLACK_BOT_TOKEN ...). */
export class SlackTokenShapeError extends TeachopsError {
  readonly code = 'slack_token_shape';
  constructor(readonly variable: string, expected: string, got: string, locale: Locale = 'en') {
    super(t(locale, 'slack.token_shape', { variable, expected, got }), { hint: t(locale, 'slack.token_shape_hint', { variable, expected }) });
  }
}

export class SlackBadBotTokenError extends TeachopsError {
  readonly code = 'slack_bad_bot_token';
  constructor(readonly slackError: string, url: string, locale: Locale = 'en') {
    super(t(locale, 'slack.bad_bot_token', { error: slackError, url }), { hint: t(locale, 'slack.bad_bot_token_hint') });
  }
}

export class SlackBadAppTokenError extends TeachopsError {
  readonly code = 'slack_bad_app_token';
  constructor(readonly slackError: string, url: string, locale: Locale = 'en') {
    super(t(locale, 'slack.bad_app_token', { error: slackError, url }), { hint: t(locale, 'slack.bad_app_token_hint') });
  }
}

export class SlackUnreachableError extends TeachopsError {
  readonly code = 'slack_unreachable';
  constructor(readonly url: string, reason: string, locale: Locale = 'en') {
    super(t(locale, 'slack.unreachable', { url, reason }), { hint: t(locale, 'slack.unreachable_hint') });
  }
}

export class SlackStartTimeoutError extends TeachopsError {
  readonly code = 'slack_start_timeout';
  constructor(readonly url: string, readonly step: string, seconds: number, locale: Locale = 'en') {
    super(t(locale, 'slack.start_timeout', { url, step, seconds }), { hint: t(locale, 'slack.start_timeout_hint') });
  }
}

export class SlackHttpListenError extends TeachopsError {
  readonly code = 'slack_http_listen';
  constructor(readonly host: string, readonly port: number, reason: string, locale: Locale = 'en') {
    super(t(locale, 'slack.http_listen', { host, port, reason }), { hint: t(locale, 'slack.http_listen_hint', { port }) });
  }
}

/** chat.postMessage refused because the bot is not a member of the channel; `bot` is its name as Slack knows it. */
export class BotNotInChannelError extends TeachopsError {
  readonly code = 'bot_not_in_channel';
  constructor(readonly channel: string, locale: Locale = 'en', bot = 'teachops') {
    super(t(locale, 'slack.not_in_channel', { channel: `#${channel}`, bot }), {
      hint: t(locale, 'slack.not_in_channel_hint', { bot }),
      markup: tEscaped(locale, 'slack.not_in_channel', { channel: markup(`<#${channel}>`), bot }, escapeMrkdwn),
    });
  }
}

/** The Slack error code of a Web API failure (`invalid_auth`, `not_in_channel` ...), if it is one. */
export function slackErrorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e) || e.code !== 'slack_webapi_platform_error') return undefined;
  const data = 'data' in e ? e.data : undefined;
  return typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string' ? data.error : undefined;
}

/** For request-level failures (ECONNREFUSED, DNS): the underlying reason. */
export function requestFailure(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  if (e.code === 'slack_webapi_request_error' && 'original' in e && e.original instanceof Error) {
    const o = e.original;
    const inner = 'code' in o && typeof o.code === 'string' ? o.code : undefined;
    // fetch wraps the socket error: "fetch failed" with the useful part (ECONNREFUSED, "bad port") as its cause.
    const c = o.cause instanceof Error ? o.cause : undefined;
    const cause = c ? ('code' in c && typeof c.code === 'string' ? c.code : `${o.message}: ${c.message}`) : undefined;
    return cause ?? inner ?? o.message;
  }
  if (e.code === 'slack_webapi_http_error' && 'statusCode' in e) return `HTTP ${String(e.statusCode)}`;
  return undefined;
}
