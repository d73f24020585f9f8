/**
 * One connection to Slack: the Bolt app with its listeners, connected with its start-up timeout (connect.ts maps
 * every failure to one coded error naming the variable or URL). The composition layer (src/app/slack-part.ts)
 * decides what happens when it fails (supervise without Slack, retry with backoff); this module only connects and
 * serves. Loaded lazily: a daemon without Slack never loads Bolt.
 */
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config/types.js';
import type { Translate } from '../i18n/index.js';
import type { OpsContext } from '../ops/types.js';
import type { Inflight } from '../util/inflight.js';
import type { SlackMode } from './mode.js';
import { boltLogger, parseLogLevel } from './logger.js';
import { createSlackApp } from './app.js';
import { connect, type ConnectResult } from './connect.js';
import { registerListeners } from './listeners.js';
import { actions, commands, fallbackCommand, views } from './registry.js';
import type { SlackDeps } from './context.js';
import { sharedStatus } from '../ops/status-shared.js';
import { checkAlertsChannel } from './channel-check.js';

const BUTTON_TOKEN_DAYS = 30;
const PROGRESS_INTERVAL_MS = 1000;
/** The bot's display name in manifest.yml: what it is called until Slack says otherwise. */
export const DEFAULT_BOT_NAME = 'teachops';

export interface SlackBotDeps {
  ops: OpsContext;
  config: Config;
  tr: Translate;
  log: (line: string) => void;
  /** work still running after its ack; the daemon's shutdown waits for it */
  inflight: Inflight;
  /** TEACHOPS_LOG_LEVEL */
  logLevel?: string | undefined;
}

export interface SlackConnection {
  client: WebClient;
  who: ConnectResult;
  /** stops accepting: closes the socket / HTTP server (work already running goes on, see `inflight`) */
  stop(): Promise<void>;
}

export async function connectSlack(d: SlackBotDeps, mode: Exclude<SlackMode, { kind: 'off' }>): Promise<SlackConnection> {
  const { tr } = d;
  const logger = boltLogger(d.log, parseLogLevel(d.logLevel));
  const app = createSlackApp(mode, logger);
  // Until auth.test answers (connect), the name the manifest gives the bot.
  let botName = DEFAULT_BOT_NAME;
  const deps: SlackDeps = {
    ops: d.ops,
    config: d.config,
    tr,
    log: d.log,
    inflight: d.inflight,
    status: sharedStatus(d.ops),
    help: () => commands.map((c) => ({ usage: tr(c.usage), summary: tr(c.summary) })),
    progressIntervalMs: PROGRESS_INTERVAL_MS,
    botName: () => botName,
  };
  registerListeners(app, deps, { commands, actions, fallback: fallbackCommand, views });
  const who = await connect(app, mode, logger, d.config.locale);
  if (who.user) botName = who.user;
  d.ops.store.buttons.prune(d.ops.clock.now() - BUTTON_TOKEN_DAYS * 86_400_000);
  const where = mode.kind === 'socket' ? tr('slack.via_socket', { url: mode.apiUrl }) : tr('slack.via_http', { host: mode.host, port: mode.port, path: '/slack/events' });
  d.log(tr('slack.connected', { user: who.user ?? '?', team: who.team ?? '?', where }));
  await checkAlertsChannel(app.client, d.config.alerts.channel, tr, d.log, botName);
  return {
    client: app.client,
    who,
    stop: async () => {
      await Promise.resolve(app.stop());
    },
  };
}
