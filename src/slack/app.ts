/**
 * The Bolt app for a connection mode: the receiver is built here (Socket Mode or HTTP at /slack/events with
 * signature verification) so both get teachops' logger and the same SLACK_API_URL. Initialization is deferred:
 * connect.ts runs it inside its own error handling and time limit.
 */
import { App, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { SlackMode } from './mode.js';
import type { BoltLogger } from './logger.js';
import { redactingFetch } from '../notify/redacting-fetch.js';

export const EVENTS_PATH = '/slack/events';

export function createSlackApp(mode: Exclude<SlackMode, { kind: 'off' }>, logger: BoltLogger): App {
  let receiver: Receiver;
  if (mode.kind === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: mode.appToken,
      logger,
      logLevel: logger.getLevel(),
      // The Socket Mode client opens its connection through the same API base (apps.connections.open).
      installerOptions: { clientOptions: { slackApiUrl: mode.apiUrl } },
      ...(mode.pingTimeoutMs !== undefined ? { clientPingTimeout: mode.pingTimeoutMs } : {}),
    });
  } else {
    receiver = new HTTPReceiver({ signingSecret: mode.signingSecret, endpoints: EVENTS_PATH, logger, logLevel: logger.getLevel() });
  }
  return new App({
    token: mode.botToken,
    receiver,
    logger,
    logLevel: logger.getLevel(),
    // Every request (Web API calls, file uploads, response_url answers) leaves through the redacting fetch.
    clientOptions: { slackApiUrl: mode.apiUrl, fetch: redactingFetch() },
    deferInitialization: true,
    // No conversation state is used; the default in-memory store would only grow.
    convoStore: false,
  });
}
