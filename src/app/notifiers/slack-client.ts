/**
 * The Web API client the Slack notifier delivers through: its own, built from the bot token and SLACK_API_URL (not
 * the Bolt app's), so delivery does not wait for the Socket Mode connection, and with the client's retries off:
 * the delivery loop owns retrying, in order, with Retry-After, and must see every failure to tell "not sent" from
 * "maybe sent". Each call has its own timeout (TEACHOPS_SLACK_CALL_TIMEOUT, default 10 s).
 */
import { LogLevel, WebClient } from '@slack/web-api';
import { parseDuration } from '../../config/units.js';
import { redactingFetch } from '../../notify/redacting-fetch.js';

export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

export function deliveryClient(o: { token: string; apiUrl: string; timeoutMs?: number }): WebClient {
  return new WebClient(o.token, {
    slackApiUrl: o.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: o.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    logLevel: LogLevel.ERROR,
    // Every text that leaves for Slack passes the one redactor (src/notify/redacting-fetch.ts).
    fetch: redactingFetch(),
  });
}

export function callTimeoutFromEnv(env: NodeJS.ProcessEnv): number {
  return parseDuration(env.TEACHOPS_SLACK_CALL_TIMEOUT ?? '') ?? DEFAULT_CALL_TIMEOUT_MS;
}
