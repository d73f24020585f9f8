/**
 * Where an incident's notifications end up, so every answer can say it truthfully ("The bot posts it to Slack" only
 * when it will): in Slack (the daemon runs with Slack configured and working, and the incident has a channel), on
 * the console of `teach run` and in logs/monitor.log (no Slack, Slack failing, or no channel), or nowhere yet (no
 * `teach run`: the outbox keeps it until one starts). Inside the daemon the answer is its own; in another process
 * (the CLI) it is what the running daemon recorded in the store.
 */
import type { IncidentRoute } from '../incidents/route.js';
import type { Incident } from '../incidents/types.js';
import type { Store } from '../store/index.js';
import { readSlackHealth, slackHealthReason, type SlackHealthRecord } from './slack-health.js';

/** What `teach run` records at start: whether it delivers to Slack, and the alerts channel it was started with. */
export const ROUTE_KEY = 'incidents.route';
export interface DaemonRoute {
  slack: boolean;
  channel: string | null;
}

/** The daemon's own view, when the caller runs inside it. */
export interface LocalRoute extends DaemonRoute {
  health(): SlackHealthRecord;
}

export type { IncidentRoute } from '../incidents/route.js';

export function incidentRoute(ctx: { store: Store; localRoute?: LocalRoute }, inc: Pick<Incident, 'channel'> | null): IncidentRoute {
  let route: DaemonRoute;
  let health: SlackHealthRecord;
  if (ctx.localRoute) {
    route = ctx.localRoute;
    health = ctx.localRoute.health();
  } else {
    if (!ctx.store.locks.holder('daemon')) return { kind: 'no_daemon' };
    route = ctx.store.kv.get<DaemonRoute>(ROUTE_KEY)?.value ?? { slack: false, channel: null };
    health = readSlackHealth(ctx.store) ?? { state: 'ok' };
  }
  if (!route.slack) return { kind: 'console', why: 'no_slack' };
  const channel = inc?.channel ?? route.channel;
  if (!channel) return { kind: 'console', why: 'no_channel' };
  return health.state === 'ok' ? { kind: 'slack', channel } : { kind: 'slack_down', channel, reason: slackHealthReason(health) };
}
