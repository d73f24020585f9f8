/**
 * The runbook engine: incident state transitions. Each change is one conditional update in the store, one line in
 * the timeline, a re-render of the incident message and that line in its thread (both through the outbox).
 * No permission checks here: src/ops/incidents.ts does those (and the audit) before calling in.
 */
import type { Clock } from '../clock.js';
import type { Locale } from '../config/types.js';
import type { Notifications } from '../notify/types.js';
import type { IncidentRepo, MilestoneField } from '../store/incidents.js';
import { redact } from '../util/redact.js';
import { EmptyTextError, IncidentResolvedError, StepStateError, UnknownIncidentError, UnknownStepError, WrongStepKindError } from './errors.js';
import { IncidentOutbox, type IncidentEvent, type ThreadPayload } from './outbox.js';
import { stepsOf } from './text.js';
import type { Incident, IncidentStep, LinkedAlert, Runbook, StepKind, StepState, TimelineKind } from './types.js';

export interface EngineDeps {
  repo: IncidentRepo;
  clock: Clock;
  locale: Locale;
  /** where the incident message, thread lines, posts and the postmortem upload go */
  notifications: Notifications<IncidentEvent>;
}

export const MAX_TEXT = 2900;

export class IncidentEngine {
  readonly outbox: IncidentOutbox;

  constructor(private readonly deps: EngineDeps) {
    this.outbox = new IncidentOutbox(deps.notifications);
  }

  private get repo(): IncidentRepo {
    return this.deps.repo;
  }

  private now(): number {
    return this.deps.clock.now();
  }

  get(id: number): Incident {
    const inc = this.repo.get(id);
    if (!inc) throw new UnknownIncidentError(id, this.deps.locale);
    return inc;
  }

  private open(id: number): Incident {
    const inc = this.get(id);
    if (inc.state !== 'open') throw new IncidentResolvedError(id, inc.resolved_by ?? '?', this.deps.locale);
    return inc;
  }

  private step(inc: Incident, stepId: string, kinds: StepKind[]): IncidentStep {
    const step = inc.steps.find((s) => s.id === stepId);
    if (!step) throw new UnknownStepError(inc.id, stepId, inc.steps.map((s) => s.id), this.deps.locale);
    if (!kinds.includes(step.kind)) throw new WrongStepKindError(stepId, step.kind, this.deps.locale);
    return step;
  }

  /** Timeline line + its thread reply + a re-render of the message. */
  private record(id: number, actor: string, kind: TimelineKind, stepId: string | null = null, text: string | null = null): void {
    const at = this.now();
    const event = { incident_id: id, at, actor, kind, step_id: stepId, text: text === null ? null : redact(text) };
    const eventId = this.repo.addEvent(event);
    this.outbox.render(id);
    this.outbox.thread(id, { type: 'event', event: { id: eventId, ...event } });
  }

  declare(input: { title: string; by: string; runbook: Runbook; alerts?: Omit<LinkedAlert, 'linked_at'>[]; channel?: string | null }): Incident {
    return this.repo.atomic(() => {
      const id = this.repo.create({ title: redact(input.title), by: input.by, at: this.now(), runbook: input.runbook, alerts: input.alerts ?? [], channel: input.channel ?? null });
      // The message first (it creates the thread), then the declaration line in it.
      this.record(id, input.by, 'declared');
      return this.get(id);
    });
  }

  linkAlert(id: number, alert: Omit<LinkedAlert, 'linked_at'>, by: string): boolean {
    return this.repo.atomic(() => {
      this.open(id);
      const linked = this.repo.linkAlert(id, alert, this.now());
      if (linked) this.record(id, by, 'alert_linked', null, alert.key);
      return linked;
    });
  }

  /** false when `by` already leads it. */
  takeLead(id: number, by: string): boolean {
    return this.repo.atomic(() => {
      this.open(id);
      if (!this.repo.setLead(id, by)) return false;
      this.repo.markMilestone(id, 'acknowledged_at', this.now());
      this.record(id, by, 'lead');
      return true;
    });
  }

  /** Done on a manual step. */
  completeStep(id: number, stepId: string, by: string): Incident {
    return this.repo.atomic(() => {
      const step = this.step(this.open(id), stepId, ['manual']);
      this.transition(id, step, ['open', 'failed'], { state: 'done', by });
      this.record(id, by, 'step_done', stepId);
      return this.afterStep(id);
    });
  }

  /** Run: the step shows as running until `finishRun`. */
  beginRun(id: number, stepId: string, by: string): IncidentStep {
    return this.repo.atomic(() => {
      const step = this.step(this.open(id), stepId, ['run']);
      this.transition(id, step, ['open', 'failed'], { state: 'running', by });
      this.record(id, by, 'step_running', stepId);
      return step;
    });
  }

  /**
   * The action's outcome: done or failed, or back to open when it needs a choice from a person first.
   * `lines` (snapshots, choices) go to the thread before the outcome line.
   */
  finishRun(id: number, stepId: string, by: string, outcome: { result: 'done' | 'failed' | 'open'; detail: string; lines?: ThreadPayload[] }): Incident {
    return this.repo.atomic(() => {
      for (const line of outcome.lines ?? []) this.outbox.thread(id, line);
      const step = this.step(this.get(id), stepId, ['run']);
      this.transition(id, step, ['running'], { state: outcome.result, by, detail: redact(outcome.detail) });
      this.record(id, by, outcome.result === 'done' ? 'step_done' : outcome.result === 'failed' ? 'step_failed' : 'action_note', stepId, outcome.detail);
      return this.afterStep(id);
    });
  }

  /** An `input: text` step: the text is kept (writing again replaces it). */
  submitText(id: number, stepId: string, by: string, text: string): Incident {
    return this.repo.atomic(() => {
      const clean = text.trim();
      if (!clean) throw new EmptyTextError(this.deps.locale);
      const step = this.step(this.open(id), stepId, ['text']);
      this.transition(id, step, ['open', 'failed', 'done'], { state: 'done', by, text: redact(clean.slice(0, MAX_TEXT)) });
      this.record(id, by, 'step_text', stepId, clean.slice(0, MAX_TEXT));
      return this.afterStep(id);
    });
  }

  /** A line from an action that is not a step transition (e.g. "switched back"). */
  note(id: number, by: string, stepId: string | null, text: string, lines: ThreadPayload[] = []): void {
    return this.repo.atomic(() => {
      for (const line of lines) this.outbox.thread(id, line);
      this.record(id, by, 'action_note', stepId, text);
    });
  }

  /**
   * At bot start: a step still `running` was interrupted when the previous bot died mid-action. It becomes failed
   * (with the reason) so it can be run again, instead of showing "running" forever.
   */
  failInterrupted(detail: string): number {
    return this.repo.atomic(() => {
      const stuck = this.repo.runningSteps();
      for (const s of stuck) {
        if (this.repo.setStep(s.incident_id, s.step_id, ['running'], { state: 'failed', by: 'teachops', at: this.now(), detail })) this.record(s.incident_id, 'teachops', 'step_failed', s.step_id, detail);
      }
      return stuck.length;
    });
  }

  markRecovered(id: number): void {
    this.repo.markMilestone(id, 'recovered_at', this.now());
  }

  /** The phase deadline passed: one reminder (across restarts and processes) when steps are still open. */
  checkDeadline(id: number, phaseId: string): 'reminded' | 'complete' | 'already' | 'not_due' | 'closed' {
    return this.repo.atomic(() => {
      const inc = this.repo.get(id);
      if (!inc || inc.state !== 'open') return 'closed';
      const phase = inc.phases.find((p) => p.id === phaseId);
      if (!phase || phase.reminded_at !== null) return 'already';
      if (this.now() < phase.due_at) return 'not_due';
      const open = stepsOf(inc, phaseId).filter((s) => s.state !== 'done');
      if (open.length === 0) return 'complete';
      if (!this.repo.claimReminder(id, phaseId, this.now())) return 'already';
      // The lead is the actor so the thread line mentions them; the phase sits where a step id would.
      this.record(id, inc.lead, 'reminder', phaseId, open.map((s) => s.id).join(','));
      return 'reminded';
    });
  }

  /** Closes it; the caller writes the postmortem (it needs a host snapshot) and calls `attachPostmortem`. */
  resolve(id: number, by: string): Incident {
    return this.repo.atomic(() => {
      this.open(id);
      if (!this.repo.resolve(id, by, this.now())) throw new IncidentResolvedError(id, this.get(id).resolved_by ?? '?', this.deps.locale);
      this.record(id, by, 'resolved');
      return this.get(id);
    });
  }

  attachPostmortem(id: number, file: string, title: string): void {
    return this.repo.atomic(() => {
      this.repo.setPostmortem(id, file);
      this.outbox.file(id, { file, title });
    });
  }

  private transition(id: number, step: IncidentStep, from: StepState[], to: { state: StepState; by: string; text?: string; detail?: string }): void {
    if (this.repo.setStep(id, step.id, from, { ...to, at: this.now() })) {
      if (to.by !== 'teachops') this.repo.markMilestone(id, 'acknowledged_at', this.now());
      return;
    }
    const current = this.get(id);
    if (current.state !== 'open') throw new IncidentResolvedError(id, current.resolved_by ?? '?', this.deps.locale);
    const now = current.steps.find((s) => s.id === step.id)!;
    throw new StepStateError(step.id, now.state, now.by ?? '?', this.deps.locale);
  }

  /** Milestones reached by completing a whole phase. */
  private afterStep(id: number): Incident {
    const inc = this.get(id);
    for (const phase of inc.phases) {
      if (!phase.milestone || stepsOf(inc, phase.id).some((s) => s.state !== 'done')) continue;
      const field: MilestoneField = phase.milestone === 'recovered' ? 'recovered_at' : 'root_cause_at';
      this.repo.markMilestone(id, field, this.now());
    }
    return this.get(id);
  }
}
