/**
 * The runbook engine's data: the normalized runbook (as loaded from runbook.yaml) and an incident as the store
 * holds it. Actors are labels (`slack:U0123`, `cli:alice`, `teachops`) as in the desired state and service logs.
 */
import type { LocalizedText, RunAction } from './runbook-schema.js';

export type { LocalizedText, RunAction } from './runbook-schema.js';

export type StepKind = 'manual' | 'run' | 'text';

export interface RunbookStep {
  id: string;
  title: LocalizedText;
  kind: StepKind;
  /** set when kind is 'run' */
  run?: RunAction;
  /** an optional step never holds its phase open (and is never in a reminder) */
  optional?: boolean;
}

export type Milestone = 'recovered' | 'root_cause';

export interface RunbookPhase {
  id: string;
  title: LocalizedText;
  /** ms after the declaration */
  due_ms: number;
  milestone?: Milestone;
  steps: RunbookStep[];
}

export interface Runbook {
  /** absolute path it was read from ('' for the built-in default) */
  file: string;
  phases: RunbookPhase[];
  notify: { channel: string | null; mention: string[] };
}

export type IncidentState = 'open' | 'resolved';
/**
 * `skipped`: a person decided it is not to be done (with the reason in `detail`); `not_needed`: teachops closed it
 * because its phase's goal was met another way (verify passed after the fallback, so the restart is not needed).
 */
export type StepState = 'open' | 'running' | 'done' | 'failed' | 'skipped' | 'not_needed';

export interface IncidentStep {
  id: string;
  phase_id: string;
  title: LocalizedText;
  kind: StepKind;
  run: RunAction | null;
  optional: boolean;
  state: StepState;
  /** who last changed it, and when */
  by: string | null;
  at: number | null;
  /** the text of an input step */
  text: string | null;
  /** outcome of the last run, for people ("llm restarted, pid 1234"; "backend: connect ECONNREFUSED"); the reason of a skip */
  detail: string | null;
}

export interface IncidentPhase {
  id: string;
  title: LocalizedText;
  milestone: Milestone | null;
  due_at: number;
  /** when the overdue reminder was sent (at most once) */
  reminded_at: number | null;
  /** when its required steps were first all closed (done, skipped or not needed) */
  completed_at: number | null;
}

export interface LinkedAlert {
  /** the alert's key, e.g. `service_down:llm` */
  key: string;
  /** the alert's id in the alert store, when it came from one */
  alert_id: number | null;
  /** the service it concerns, if any */
  service: string | null;
  title: string;
  linked_at: number;
  fired_at: number | null;
}

/** What the notify step posted: where, whom it mentioned, when and at whose click. */
export interface Notified {
  /** the Slack channel id it went to; null when there was no Slack channel (the console and logs/monitor.log) */
  channel: string | null;
  mention: string[];
  at: number;
  by: string;
}

export interface Incident {
  id: number;
  title: string;
  state: IncidentState;
  lead: string;
  declared_by: string;
  started_at: number;
  acknowledged_at: number | null;
  recovered_at: number | null;
  root_cause_at: number | null;
  resolved_at: number | null;
  resolved_by: string | null;
  /** the Slack message, once posted */
  channel: string | null;
  message_ts: string | null;
  postmortem: string | null;
  notified: Notified | null;
  phases: IncidentPhase[];
  steps: IncidentStep[];
  alerts: LinkedAlert[];
}

export type TimelineKind =
  | 'declared'
  | 'lead'
  | 'step_done'
  | 'step_running'
  | 'step_failed'
  | 'step_text'
  | 'step_skipped'
  | 'step_not_needed'
  | 'renamed'
  | 'note'
  | 'action_note'
  | 'alert_linked'
  | 'reminder'
  | 'resolved';

export interface TimelineEvent {
  id: number;
  incident_id: number;
  at: number;
  actor: string;
  kind: TimelineKind;
  step_id: string | null;
  /** free text for people (redacted before it is stored) */
  text: string | null;
}
