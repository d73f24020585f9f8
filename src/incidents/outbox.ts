/**
 * What the engine asks notifiers to show, as events for the notification pipeline: the incident message is
 * re-rendered at delivery (so it shows the state of that moment), thread lines and posts are data, and the domain
 * never builds Block Kit. Everything goes through the `Notifications` port (one outbox, one delivery loop).
 */
import type { Notifications, OutboxEvent } from '../notify/types.js';
import type { TimelineEvent } from './types.js';

/**
 * The `status` action's snapshot of every service: the operations layer's status report (ops/status.ts), kept as
 * data in the outbox and read back whole by the adapter that renders it; the domain reads only these fields.
 */
export interface StatusSnapshot {
  readonly services: readonly { readonly name: string; readonly state: string }[];
  readonly down: readonly string[];
}

export type ThreadPayload =
  /** one line of the timeline */
  | { type: 'event'; event: TimelineEvent }
  /** the `status` action's snapshot of every service */
  | { type: 'status'; report: StatusSnapshot }
  /** `restart-failed` / `fallback` did not know which service: one button per candidate */
  | { type: 'choose'; step: string; purpose: 'restart' | 'fallback'; services: string[] }
  /** after a fallback: the way back to the normal configuration */
  | { type: 'switch_back'; step: string; service: string; overrides: Record<string, string> };

/** The `notify` action's summary, to `channel` (null: the incident's own channel). */
export interface PostPayload {
  channel: string | null;
  mention: string[];
}

export interface FilePayload {
  file: string;
  title: string;
}

export type IncidentEvent =
  | OutboxEvent<'incident.message', Record<string, never>>
  | OutboxEvent<'incident.thread', ThreadPayload>
  | OutboxEvent<'incident.post', PostPayload>
  | OutboxEvent<'incident.file', FilePayload>;

export const incidentSubject = (id: number): string => `incident:${id}`;

/** The incident id of an `incident:<id>` subject, or undefined for another subject. */
export function incidentIdOf(subject: string): number | undefined {
  const m = /^incident:(\d+)$/.exec(subject);
  return m ? Number(m[1]) : undefined;
}

export class IncidentOutbox {
  constructor(private readonly notifications: Notifications<IncidentEvent>) {}

  /** Re-render the incident message (posting it the first time). */
  render(id: number): void {
    this.notifications.enqueue({ subject: incidentSubject(id), kind: 'incident.message', params: {} });
  }

  thread(id: number, payload: ThreadPayload): void {
    this.notifications.enqueue({ subject: incidentSubject(id), kind: 'incident.thread', params: payload });
  }

  post(id: number, payload: PostPayload): void {
    this.notifications.enqueue({ subject: incidentSubject(id), kind: 'incident.post', params: payload, ...(payload.mention.length ? { mention: payload.mention } : {}) });
  }

  file(id: number, payload: FilePayload): void {
    this.notifications.enqueue({ subject: incidentSubject(id), kind: 'incident.file', params: payload });
  }
}
