/**
 * What the monitor needs from the rest of teachops, passed in by the composition layer (src/app): the config, the
 * store, the supervisor and the clock, plus two ports, so the domain never imports Slack, ops or the daemon.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import type { Notifications } from '../notify/types.js';
import type { Store } from '../store/index.js';
import type { Supervisor } from '../supervisor/types.js';
import type { AlertEvent } from './events.js';

export interface MonitorContext {
  config: Config;
  store: Store;
  supervisor: Supervisor;
  clock: Clock;
}

/** How an automatic restart went. */
export interface RestartOutcome {
  ok: boolean;
  pid: number | null;
  ms: number;
  /** why it failed, as the supervisor said it */
  error?: string;
}

/** Restarts on the policy's behalf (the app audits it as `teachops` and keeps the desired state as it is). */
export interface LifecyclePort {
  restart(service: string, reason: 'policy'): Promise<RestartOutcome>;
}

export type AlertNotifications = Notifications<AlertEvent>;
