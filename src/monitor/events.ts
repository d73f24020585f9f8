/**
 * What the alert lifecycle tells people, as events for the notification pipeline: codes and raw parameters, rendered
 * by each notifier from the catalogue when it delivers (src/monitor/describe.ts). Parameter conventions, so every
 * adapter renders them alike: `*_ms` is a duration, `who` an actor label (`slack:U0123`, `cli:alice`, `teachops`),
 * `resolution` / `silence` / `policy` are codes with catalogue entries of their own.
 */
import type { OutboxEvent } from '../notify/types.js';
import type { SnapshotSummary } from './snapshot.js';

/** Why the alert message is rendered again (the console prints the firing once and the rest as their lines). */
export type RenderReason = 'fired' | 'reopened' | 'acknowledged' | 'silenced' | 'silence_ended' | 'unsilenced' | 'resolved';

/** A line in the alert's thread; its text is `alerts.note_<code>`. */
export type AlertLineCode =
  | 'acknowledged'
  | 'silenced'
  | 'silence_ended'
  | 'resolved'
  | 'reopened'
  | 'restart_scheduled'
  | 'restarted'
  | 'restart_failed'
  | 'gave_up'
  | 'no_restart'
  /** an operator ended a silence early (Unsilence) */
  | 'unsilenced'
  /** the silence teachops made at the alert's source (Alertmanager) was ended there */
  | 'silence_ended_upstream'
  /** silenced at the source (Alertmanager), with the silence's id */
  | 'silenced_alertmanager';

export type LineArgs = Record<string, string | number>;

export type AlertEvent =
  /** render the alert message as it is now: posted the first time, edited in place afterwards */
  | OutboxEvent<'alert.message', { reason: RenderReason }>
  | OutboxEvent<'alert.line', { code: AlertLineCode; args: LineArgs }>
  /** still firing, not acknowledged: mentions `alerts.escalate_to` again */
  | OutboxEvent<'alert.renotify', { duration_ms: number }>
  /** the host context when it fired */
  | OutboxEvent<'alert.snapshot', SnapshotSummary>;

export type AlertEventKind = AlertEvent['kind'];

export const alertSubject = (alertId: number): string => `alert:${alertId}`;

/** The alert id of an `alert:<id>` subject, or undefined for another subject. */
export function alertIdOf(subject: string): number | undefined {
  const m = /^alert:(\d+)$/.exec(subject);
  return m ? Number(m[1]) : undefined;
}
