/**
 * The incidents part of `teach run`: validates the runbook at start (a broken runbook.yaml stops the daemon with
 * every problem listed, not the first click), re-arms the phase deadlines from the store, and delivers the incident
 * outbox to Slack through the client the Slack part shares. Without a runbook it stays off.
 */
import type { PartFactory } from '../daemon/run.js';
import { incidentsOf } from '../ops/incidents.js';
import { translator } from '../i18n/index.js';
import { slackModeFromEnv } from '../slack/mode.js';
import { DeadlineScheduler } from './deadlines.js';
import { startDelivery } from './delivery.js';
import type { IncidentNotifier } from './notifier-slack.js';

export const incidentsPart: PartFactory = async (ctx) => {
  if (!ctx.config.runbook) return undefined;
  const ictx = incidentsOf(ctx.ops);
  const repo = ctx.ops.store.incidents;
  const scheduler = new DeadlineScheduler({ repo, engine: ictx.engine, clock: ctx.ops.clock, log: ctx.log });
  // Like the Slack part, the Slack client code is loaded only when Slack is configured; without it the outbox waits.
  const notifier: IncidentNotifier =
    slackModeFromEnv(ctx.env).kind === 'off'
      ? { ready: () => false, deliver: async () => ({ ok: false, error: 'slack is not configured' }), recover: async () => 'unknown' }
      : (await import('./notifier-slack.js')).createIncidentNotifier({ config: ctx.config, repo, clock: ctx.ops.clock, client: () => ctx.shared.slackClient });
  const delivery = startDelivery({ repo, deliver: notifier.deliver, ready: notifier.ready, recover: notifier.recover, onTick: () => scheduler.sync(), log: ctx.log });
  ictx.engine.outbox.onEnqueue = () => delivery.kick();
  ictx.engine.failInterrupted(translator(ctx.config.locale)('incidents.interrupted'));
  scheduler.sync();
  return {
    name: 'incidents',
    async stop() {
      ictx.engine.outbox.onEnqueue = undefined;
      scheduler.stop();
      await delivery.stop();
    },
  };
};
