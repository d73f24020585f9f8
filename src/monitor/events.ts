/**
 * What the alert lifecycle tells people, as events for the notification pipeline: codes and raw parameters, rendered
 * by each notifier from the catalogue when it delivers (src/monitor/describe.ts). Parameter conventions, so every
 * adapter renders them alike: `*_ms` is a duration, `who` an actor label (`slack:U0123`, `cli:alice`, `teachops`),
 * `resolution` / `silence` / `policy` are codes with catalogue entries of their own.
 *
 * Who hears what is decided here, not by the adapters (SLACK.md "Who hears what"): an event that people must hear
 * carries `mention` (ids, or Slack markup as configured in alerts.escalate_to) and, for a thread line, `broadcast`;
 * a line that is a running status (automatic restarts, an operator's Restart) carries a `line` name and is edited in
 * place by the next event of that name.
 */
import type { OutboxEvent } from '../notify/types.js';
import type { SnapshotSummary } from './snapshot.js';

/** Why the alert message is rendered again (the console prints some of them as their own line). */
export type RenderReason = 'fired' | 'reopened' | 'escalated' | 'acknowledged' | 'silenced' | 'unsilenced' | 'silence_ended' | 'resolved' | 'cause';

/** A line in the alert's thread; its text is `alerts.note_<code>`. */
export type AlertLineCode =
  | 'acknowledged'
  | 'silenced'
  | 'unsilenced'
  | 'silence_ended'
  | 'resolved'
  /** fired again after it resolved: broadcast with mentions, or the last such line edited with the new count */
  | 'refired'
  /** the automatic restarts line (`line: restarts`), edited in place at each step */
  | 'restarts_scheduled'
  | 'restarts_retry'
  | 'restarts_ok'
  | 'restarts_failed'
  /** the restart policy gave up: broadcast with mentions (the alert escalates to a crash loop) */
  | 'gave_up'
  | 'no_restart'
  /** an operator's Restart button: one line per click, edited from "restarting" to its result */
  | 'operator_restarting'
  | 'operator_restarted'
  | 'operator_restart_failed'
  /** an incident was declared from the alert (Start runbook) */
  | 'incident'
  /** rows written before the restarts line (still rendered when found in the outbox) */
  | 'reopened'
  | 'restart_scheduled'
  | 'restarted'
  | 'restart_failed'
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

/** The thread line the automatic restarts of an alert share (one line, edited in place). */
export const RESTARTS_LINE = 'restarts';

export const alertSubject = (alertId: number): string => `alert:${alertId}`;

/** The alert id of an `alert:<id>` subject, or undefined for another subject. */
export function alertIdOf(subject: string): number | undefined {
  const m = /^alert:(\d+)$/.exec(subject);
  return m ? Number(m[1]) : undefined;
}
