/**
 * Who must hear an alert, and when a re-firing is news (SLACK.md "Who hears what": an edit notifies nobody, a bot's
 * thread reply only the thread's followers). Pure decisions over the alert's history; the book turns them into
 * events with `mention` and `broadcast`.
 *
 * - The first firing mentions `alerts.escalate_to` (in the message itself).
 * - A firing after the alert resolved is announced with a thread reply broadcast to the channel, mentioning
 *   `alerts.escalate_to` and whoever acknowledged the alert before (they believed it handled). While a service flaps,
 *   later firings edit that announcement (count and time) instead of posting again, until someone acknowledges it
 *   (whoever did must hear that it came back) or `alerts.repeat_after` has passed since the announcement.
 * - The restart policy giving up (a crash loop) is announced the same way.
 */
import type { Config } from '../config/types.js';
import type { AlertEvent as StoredEvent, AlertRow } from '../store/alerts.js';
import type { Store } from '../store/index.js';
import type { AlertEmitter } from './book-emit.js';

/** The latest announcement of a re-firing, as recorded in its `reopened` event. */
export interface Announcement {
  line: string;
  at: number;
}

export type RefireDecision = { post: true; line: string } | { post: false; line: string };

/** The people an announcement of this alert mentions: escalate_to, and whoever acknowledged it last (from Slack). */
export function whoMustHear(config: Pick<Config, 'alerts'>, lastAck: StoredEvent | undefined): string[] {
  const acker = lastAck?.actor.startsWith('slack:') ? lastAck.actor.slice(6) : undefined;
  const list = [...config.alerts.escalate_to];
  if (acker && !list.includes(acker)) list.unshift(acker);
  return list;
}

/** The announcement a `reopened` event recorded, if it is one written with a line. */
export function announcementOf(e: StoredEvent | undefined): Announcement | undefined {
  const line = e?.params.line;
  const at = e?.params.announced_at;
  return typeof line === 'string' && typeof at === 'number' ? { line, at } : undefined;
}

/**
 * Post a new announcement, or edit the last one? `last`: the latest announcement; `lastAckAt`: when it was last
 * acknowledged; `alert`: the row as re-opened (its fire count names a new line).
 */
export function refireDecision(alert: AlertRow, now: number, repeatAfterMs: number, last: Announcement | undefined, lastAckAt: number | undefined): RefireDecision {
  const fresh = { post: true as const, line: `refire:${alert.fire_count}` };
  if (!last) return fresh;
  if (lastAckAt !== undefined && lastAckAt >= last.at) return fresh;
  if (now - last.at >= repeatAfterMs) return fresh;
  return { post: false, line: last.line };
}

/**
 * A re-opened alert: its `reopened` event (naming the announcement line and when it was first posted), the message
 * rendered back to firing, and the announcement: a new broadcast reply, or the last one edited with the new count.
 */
export function announceRefire(d: { store: Store; config: Pick<Config, 'alerts'>; emit: AlertEmitter }, alert: AlertRow, at: number): void {
  const { alerts } = d.store;
  const last = announcementOf(alerts.lastEvent(alert.id, ['reopened']));
  const lastAck = alerts.lastEvent(alert.id, ['acknowledged']);
  const decision = refireDecision(alert, at, d.config.alerts.repeat_after, last, lastAck?.at);
  const announcedAt = decision.post || !last ? at : last.at;
  const args = { count: alert.fire_count, span_ms: at - alert.started_at };
  alerts.addEvent({ alert_id: alert.id, at, type: 'reopened', actor: 'teachops', text_key: 'alerts.note_refired', params: { ...args, line: decision.line, announced_at: announcedAt } });
  d.emit.render(alert.id, 'reopened');
  d.emit.line(alert.id, 'refired', args, { line: decision.line, broadcast: true, mention: whoMustHear(d.config, lastAck) });
}
