/**
 * How to connect, read once from the environment (process env merged with .env): Socket Mode with a bot and an
 * app-level token, HTTP mode with a bot token and a signing secret, or not at all. A half-set combination is an
 * error naming the missing variable rather than a silent "no Slack".
 */
import type { Locale } from '../config/types.js';
import { parseDuration } from '../config/units.js';
import { SlackEnvIncompleteError, SlackTokenShapeError } from './errors.js';

export const DEFAULT_API_URL = 'https://slack.com/api/';
const DEFAULT_START_TIMEOUT_MS = 15_000;
/** HTTP mode listens on loopback unless HOST says otherwise: a reverse proxy or tunnel is what faces the internet. */
export const DEFAULT_HTTP_HOST = '127.0.0.1';

interface Common {
  botToken: string;
  apiUrl: string;
  /** how long connecting may take before start-up fails (TEACHOPS_SLACK_START_TIMEOUT, e.g. "15s") */
  startTimeoutMs: number;
}

export type SlackMode =
  | { kind: 'off' }
  | (Common & { kind: 'socket'; appToken: string; /** Socket Mode ping timeout; reconnects back off in multiples of it */ pingTimeoutMs: number | undefined })
  | (Common & { kind: 'http'; signingSecret: string; port: number; host: string });

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

function checkShape(variable: string, value: string, expected: string, wrong: RegExp, locale: Locale): void {
  if (wrong.test(value)) throw new SlackTokenShapeError(variable, expected, `${value.slice(0, 5)}...`, locale);
}

export function slackModeFromEnv(env: NodeJS.ProcessEnv, locale: Locale = 'en'): SlackMode {
  const bot = nonEmpty(env.SLACK_BOT_TOKEN);
  const app = nonEmpty(env.SLACK_APP_TOKEN);
  const secret = nonEmpty(env.SLACK_SIGNING_SECRET);
  if (!bot && !app && !secret) return { kind: 'off' };
  if (!bot) throw new SlackEnvIncompleteError('SLACK_BOT_TOKEN', app ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET', locale);
  if (!app && !secret) throw new SlackEnvIncompleteError('SLACK_APP_TOKEN', 'SLACK_BOT_TOKEN', locale);
  // Swapped tokens are the most common set-up mistake; say so before Slack answers a vaguer "not_allowed_token_type".
  checkShape('SLACK_BOT_TOKEN', bot, 'xoxb-', /^xapp-/, locale);
  if (app) checkShape('SLACK_APP_TOKEN', app, 'xapp-', /^xox[a-z]-/, locale);
  const apiUrl = withSlash(nonEmpty(env.SLACK_API_URL) ?? DEFAULT_API_URL);
  const startTimeoutMs = parseDuration(env.TEACHOPS_SLACK_START_TIMEOUT ?? '') ?? DEFAULT_START_TIMEOUT_MS;
  if (app) {
    const ping = parseDuration(env.TEACHOPS_SLACK_PING_TIMEOUT ?? '');
    return { kind: 'socket', botToken: bot, appToken: app, apiUrl, startTimeoutMs, pingTimeoutMs: ping };
  }
  const port = Number(nonEmpty(env.PORT) ?? 3000);
  return { kind: 'http', botToken: bot, signingSecret: secret!, apiUrl, startTimeoutMs, port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 3000, host: nonEmpty(env.HOST) ?? DEFAULT_HTTP_HOST };
}

/** The Web API client joins method names onto the base URL, so it must end with a slash. */
function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
