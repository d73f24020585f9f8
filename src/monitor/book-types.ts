/** The alert book's inputs, results and dependencies (book.ts). */
import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import type { AlertCause, AlertKind, AlertRow, NewAlert, SilenceMode } from '../store/alerts.js';
import type { Store } from '../store/index.js';
import type { AlertNotifications } from './context.js';
import type { LineArgs } from './events.js';

export interface RaiseSpec {
  kind: AlertKind;
  /** service name, or the mount of a disk alert */
  subject?: string;
  value: number | null;
  threshold: number | null;
  detail: string | null;
  /** what is known about why (exit facts ...) */
  cause?: AlertCause;
  /** an alert from another source (Alertmanager): its own key and the local service it names, instead of kind + subject */
  identity?: Pick<NewAlert, 'key' | 'service' | 'subject'>;
}

export type NoteParams = LineArgs;
export type AckResult = { status: 'acknowledged' | 'already' | 'resolved'; alert: AlertRow };
export type SilenceResult = { status: 'silenced' | 'resolved'; alert: AlertRow };
export type UnsilenceResult = { status: 'unsilenced' | 'not_silenced' | 'resolved'; alert: AlertRow };

export const SILENCE_MS: Record<Exclude<SilenceMode, 'resolved'>, number> = { '1h': 3_600_000, '4h': 4 * 3_600_000 };

export interface AlertBookDeps {
  store: Store;
  clock: Clock;
  config: Config;
  /** where its notifications go (the outbox; the daemon's port also wakes delivery) */
  notifications: AlertNotifications;
  /** called with each newly fired alert (the monitor attaches a host snapshot) */
  onFired?: (alert: AlertRow) => void;
}
