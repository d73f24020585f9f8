/**
 * Connecting and serving, once part.ts has found Slack credentials: the Bolt app with its listeners, the
 * connection with its start-up timeout, and the DaemonPart that stops accepting and drains in-flight work.
 * Loaded lazily by part.ts.
 */
import type { DaemonContext, DaemonPart } from '../daemon/run.js';
import type { Translate } from '../i18n/index.js';
import type { SlackMode } from './mode.js';
import { boltLogger, parseLogLevel } from './logger.js';
import { createSlackApp } from './app.js';
import { connect } from './connect.js';
import { createInflight } from './inflight.js';
import { registerListeners } from './listeners.js';
import { actions, commands, fallbackCommand, views } from './registry.js';
import type { SlackDeps } from './context.js';
import { sharedStatus } from './status-flight.js';
import { checkAlertsChannel } from './channel-check.js';

/** How long a shutdown waits for running operations (a restart waits for health: up to start_timeout). */
const DRAIN_MS = 60_000;
const BUTTON_TOKEN_DAYS = 30;
const PROGRESS_INTERVAL_MS = 1000;

export async function startSlack(ctx: DaemonContext, mode: Exclude<SlackMode, { kind: 'off' }>, tr: Translate): Promise<DaemonPart> {
  const logger = boltLogger(ctx.log, parseLogLevel(ctx.env.TEACHOPS_LOG_LEVEL));
  const app = createSlackApp(mode, logger);
  const inflight = createInflight();
  const deps: SlackDeps = {
    ops: ctx.ops,
    config: ctx.config,
    tr,
    log: ctx.log,
    inflight,
    status: sharedStatus(ctx.ops),
    help: () => commands.map((c) => ({ usage: tr(c.usage), summary: tr(c.summary) })),
    progressIntervalMs: PROGRESS_INTERVAL_MS,
  };
  registerListeners(app, deps, { commands, actions, fallback: fallbackCommand, views });
  const who = await connect(app, mode, logger, ctx.config.locale);
  // The alert and incident notifiers deliver through this client once connected (DaemonContext.shared).
  ctx.shared.slackClient = app.client;
  ctx.ops.store.buttons.prune(ctx.ops.clock.now() - BUTTON_TOKEN_DAYS * 86_400_000);
  const where = mode.kind === 'socket' ? tr('slack.via_socket', { url: mode.apiUrl }) : tr('slack.via_http', { host: mode.host, port: mode.port, path: '/slack/events' });
  ctx.log(tr('slack.connected', { user: who.user ?? '?', team: who.team ?? '?', where }));
  await checkAlertsChannel(app.client, ctx.config.alerts.channel, tr, ctx.log);

  return {
    name: 'slack',
    async stop() {
      // Stop accepting first (closes the socket / HTTP server), then let running operations finish and report.
      await Promise.resolve(app.stop()).catch((e: unknown) => ctx.log(`slack: ${e instanceof Error ? e.message : String(e)}`));
      if (inflight.size > 0) {
        ctx.log(tr('slack.draining', { n: inflight.size }));
        if (!(await inflight.drain(DRAIN_MS))) ctx.log(tr('slack.drain_timeout', { seconds: DRAIN_MS / 1000 }));
      }
    },
  };
}
