/**
 * The incidents part of `teach run`: validates the runbook at start (a broken runbook.yaml stops the daemon with
 * every problem listed, not the first click), records where incident notifications go (so `teach incident` in
 * another process can say it truthfully), names people through Slack's users.info when Slack is configured, marks
 * steps whose runner died as failed, and re-arms the phase deadlines from the store (and every second, for incidents
 * and steps of other processes). Its notifications go to the one outbox through `ops.notifications`. Without a
 * runbook it stays off.
 */
import { DeadlineScheduler } from '../incidents/deadlines.js';
import { failInterruptedSteps, incidentsOf } from '../ops/incidents.js';
import { ROUTE_KEY, type DaemonRoute } from '../ops/incident-route.js';
import { slackSettings } from './slack-settings.js';
import type { PartFactory } from './run.js';

const SYNC_MS = 1000;

export const incidentsPart: PartFactory = async (ctx) => {
  if (!ctx.config.runbook) return undefined;
  const ictx = incidentsOf(ctx.ops, ctx.ports.incidentTuning);
  const store = ctx.ops.store;
  const mode = slackSettings(ctx).mode;
  const route: DaemonRoute = { slack: mode.kind !== 'off', channel: ctx.config.alerts.channel };
  store.kv.set(ROUTE_KEY, route, ctx.ops.clock.now());
  ictx.localRoute = { ...route, health: () => ctx.shared.slackHealth?.current() ?? { state: 'ok' } };
  if (mode.kind !== 'off') {
    const { slackPeople } = await import('../slack/people.js');
    ictx.people = slackPeople({ store, token: mode.botToken, apiUrl: mode.apiUrl, now: () => ctx.ops.clock.now() });
  }
  const scheduler = new DeadlineScheduler({ repo: store.incidents, engine: ictx.engine, clock: ctx.ops.clock, background: ctx.background, log: ctx.log });
  failInterruptedSteps(ictx);
  scheduler.sync();
  const stopSync = ctx.background.every('incident deadlines', SYNC_MS, () => {
    failInterruptedSteps(ictx);
    scheduler.sync();
  });
  const quiesce = () => {
    stopSync();
    scheduler.stop();
  };
  return { name: 'incidents', quiesce, stop: quiesce };
};
