/**
 * How the alert book writes what happened: an event in the alert's history and, for the notification pipeline, the
 * outbox events that show it (a thread line, or "render the message as it is now"). Called inside the book's
 * transactions, so the history and what people are shown never disagree.
 */
import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import type { AlertNotifications } from './context.js';
import { alertSubject, type AlertLineCode, type LineArgs, type RenderReason } from './events.js';

/** How a thread line is shown: a named line edited in place, a reply also shown in the channel, who must hear it. */
export interface LineOptions {
  line?: string;
  broadcast?: boolean;
  mention?: string[];
}

export class AlertEmitter {
  constructor(private readonly deps: { store: Store; clock: Clock; notifications: AlertNotifications }) {}

  /** An event of the alert's history (type, who) and its thread line. */
  note(alertId: number, type: string, actor: string, code: AlertLineCode, args: LineArgs, how: LineOptions = {}): void {
    this.deps.store.alerts.addEvent({ alert_id: alertId, at: this.deps.clock.now(), type, actor, text_key: `alerts.note_${code}`, params: args });
    this.line(alertId, code, args, how);
  }

  /** A thread line only (its event was recorded with other parameters). */
  line(alertId: number, code: AlertLineCode, args: LineArgs, how: LineOptions = {}): void {
    this.deps.notifications.enqueue({ subject: alertSubject(alertId), kind: 'alert.line', params: { code, args }, ...how });
  }

  /** "Render the alert as it is now"; `reason` lets a console print what happened; `mention` who must hear it. */
  render(alertId: number, reason: RenderReason, mention: readonly string[] = []): void {
    this.deps.notifications.enqueue({ subject: alertSubject(alertId), kind: 'alert.message', params: { reason }, ...(mention.length ? { mention: [...mention] } : {}) });
  }

  /** Still firing, not acknowledged: said again in the thread. */
  renotify(alertId: number, durationMs: number): void {
    this.deps.notifications.enqueue({ subject: alertSubject(alertId), kind: 'alert.renotify', params: { duration_ms: durationMs } });
  }
}
