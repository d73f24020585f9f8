/**
 * What the engine asks the notifier to show, as data: the Slack side renders it at delivery time (so a re-render
 * shows the state of that moment, and the domain never builds Block Kit).
 */
import type { StatusReport } from '../ops/status.js';
import type { IncidentRepo } from '../store/incidents.js';
import type { TimelineEvent } from './types.js';

export type ThreadPayload =
  /** one line of the timeline */
  | { type: 'event'; event: TimelineEvent }
  /** the `status` action's snapshot of every service */
  | { type: 'status'; report: StatusReport }
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

export class IncidentOutbox {
  /** called after every enqueue, so a delivery loop in this process can go at once instead of at its next poll */
  onEnqueue: (() => void) | undefined;

  constructor(private readonly repo: IncidentRepo, private readonly now: () => number) {}

  private add(id: number, kind: 'message' | 'thread' | 'post' | 'file', payload: unknown): void {
    this.repo.outbox.enqueue(id, kind, payload, this.now());
    // After the caller's transaction has committed (or rolled back): never deliver what did not happen.
    queueMicrotask(() => this.onEnqueue?.());
  }

  /** Re-render the incident message (posting it the first time). */
  render(id: number): void {
    this.add(id, 'message', {});
  }

  thread(id: number, payload: ThreadPayload): void {
    this.add(id, 'thread', payload);
  }

  post(id: number, payload: PostPayload): void {
    this.add(id, 'post', payload);
  }

  file(id: number, payload: FilePayload): void {
    this.add(id, 'file', payload);
  }
}
