/**
 * Operations: one function per user intent. Slack listeners, CLI commands and runbook steps all call these, so
 * permission checks and audit records happen in exactly one place.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import type { Notifications } from '../notify/types.js';
import { outboxNotifications } from '../notify/outbox.js';
import type { Store } from '../store/index.js';
import type { Supervisor } from '../supervisor/types.js';
import type { AlertSources } from './alert-sources.js';

export interface Actor {
  source: 'cli' | 'slack' | 'teachops';
  /** CLI: the OS user name; Slack: the user id (U0123); teachops: 'teachops' */
  id: string;
  /** Slack channel id, or the CLI's terminal */
  channel?: string | null;
  /** a display name when the entry point knows one (Slack's user name): shown where others read who it was */
  name?: string;
}

export interface OpsContext {
  config: Config;
  store: Store;
  supervisor: Supervisor;
  clock: Clock;
  /**
   * True in a one-shot CLI process: probes skip what only pays off over time (the CPU rate history, which needs an
   * earlier read) and report lifetime averages instead.
   */
  shortLived?: boolean;
  /**
   * Where notifications go. Default: the store's outbox, which the daemon delivers (it polls for rows other
   * processes add); inside the daemon, its port also wakes the delivery loop at once.
   */
  notifications?: Notifications;
  /**
   * Where alerts from other sources are silenced (Alertmanager): set by `teach run` and the CLI from
   * ALERTMANAGER_URL. Unset, or a source answering undefined, means that source cannot be reached from here.
   */
  alertSources?: AlertSources;
}

/** The notification port of this context. */
export function notificationsOf(ctx: Pick<OpsContext, 'notifications' | 'store' | 'clock'>): Notifications {
  return ctx.notifications ?? outboxNotifications(ctx.store.outbox, () => ctx.clock.now());
}

/** Who asked, as recorded with the desired state and in service logs: `cli:alice`, `slack:U0123`, `teachops`. */
export function actorLabel(a: Actor): string {
  return a.source === 'teachops' ? 'teachops' : `${a.source}:${a.id}`;
}

export const TEACHOPS_ACTOR: Actor = { source: 'teachops', id: 'teachops', channel: null };
