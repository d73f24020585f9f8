/**
 * Connecting, with every failure turned into one clear line: a bad bot token names SLACK_BOT_TOKEN, a bad app
 * token SLACK_APP_TOKEN, an unreachable or refusing Slack names the URL, and nothing waits longer than the
 * start-up timeout (the Web API client would otherwise retry quietly for half an hour).
 */
import { webApi } from '@slack/bolt';
import type { App } from '@slack/bolt';
import type { Locale } from '../config/types.js';
import type { SlackMode } from './mode.js';
import type { BoltLogger } from './logger.js';
import { SlackBadAppTokenError, SlackBadBotTokenError, SlackHttpListenError, SlackStartTimeoutError, SlackUnreachableError, requestFailure, slackErrorCode } from './errors.js';
import { isTeachopsError } from '../errors.js';

type Connected = Exclude<SlackMode, { kind: 'off' }>;

/** Slack errors that mean "this token is not accepted" (as opposed to "Slack is not answering"). */
const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type', 'no_permission', 'missing_scope', 'team_disabled', 'user_removed_from_team']);

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Checks the bot token with one quick auth.test (no retries), so a wrong URL or token fails at once. */
async function probeBotToken(mode: Connected, logger: BoltLogger, locale: Locale): Promise<{ team?: string; user?: string }> {
  const client = new webApi.WebClient(mode.botToken, { slackApiUrl: mode.apiUrl, logger, retryConfig: { retries: 0 }, timeout: mode.startTimeoutMs });
  try {
    const r = await client.auth.test();
    return { ...(r.team ? { team: r.team } : {}), ...(r.user ? { user: r.user } : {}) };
  } catch (e) {
    throw mapError(e, mode, 'bot', locale);
  }
}

function mapError(e: unknown, mode: Connected, token: 'bot' | 'app', locale: Locale): Error {
  if (isTeachopsError(e)) return e;
  const code = slackErrorCode(e);
  if (code !== undefined && AUTH_ERRORS.has(code)) return token === 'bot' ? new SlackBadBotTokenError(code, mode.apiUrl, locale) : new SlackBadAppTokenError(code, mode.apiUrl, locale);
  const reason = code ?? requestFailure(e) ?? (e instanceof Error ? e.message : String(e));
  return new SlackUnreachableError(mode.apiUrl, reason, locale);
}

export interface ConnectResult {
  team?: string;
  user?: string;
}

export async function connect(app: App, mode: Connected, logger: BoltLogger, locale: Locale = 'en'): Promise<ConnectResult> {
  const seconds = Math.round(mode.startTimeoutMs / 1000);
  const deadline = Date.now() + mode.startTimeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  logger.quiet = true;
  try {
    const who = await withTimeout(probeBotToken(mode, logger, locale), left(), () => new SlackStartTimeoutError(mode.apiUrl, 'auth.test', seconds, locale));
    await withTimeout(
      app.init().catch((e: unknown) => Promise.reject(mapError(e, mode, 'bot', locale))),
      left(),
      () => new SlackStartTimeoutError(mode.apiUrl, 'auth.test', seconds, locale),
    );
    if (mode.kind === 'socket') {
      await withTimeout(
        app.start().catch((e: unknown) => Promise.reject(mapError(e, mode, 'app', locale))),
        left(),
        () => new SlackStartTimeoutError(mode.apiUrl, 'apps.connections.open', seconds, locale),
      );
    } else {
      await app.start({ port: mode.port, host: mode.host }).catch((e: unknown) => {
        throw new SlackHttpListenError(mode.host, mode.port, e instanceof Error ? e.message : String(e), locale);
      });
    }
    return who;
  } catch (e) {
    // Stop reconnect timers and listening sockets so the process can exit with the error.
    await Promise.resolve(app.stop()).catch(() => undefined);
    throw e;
  } finally {
    logger.quiet = false;
  }
}
