/**
 * What every incident transition shares: reading the incident (or saying why not), one conditional step update in
 * the store, one timeline line with its thread reply and a re-render of the message, and the bookkeeping after a
 * step closes (phases completed, milestones reached). The operations themselves are in steps.ts and engine.ts.
 */
import type { Clock } from '../clock.js';
import type { Locale } from '../config/types.js';
import { translator, type Translate } from '../i18n/index.js';
import type { Notifications } from '../notify/types.js';
import type { IncidentRepo, MilestoneField } from '../store/incidents.js';
import { redact } from '../util/redact.js';
import { IncidentResolvedError, StepStateError, UnknownIncidentError, UnknownStepError, WrongStepKindError } from './errors.js';
import { IncidentOutbox, type IncidentEvent } from './outbox.js';
import { phaseComplete, phaseOutcome } from './progress.js';
import type { Incident, IncidentStep, StepKind, StepState, TimelineKind } from './types.js';

export interface EngineDeps {
  repo: IncidentRepo;
  clock: Clock;
  locale: Locale;
  /** where the incident message, thread lines, posts and the postmortem upload go */
  notifications: Notifications<IncidentEvent>;
}

export const TEACHOPS = 'teachops';

export class EngineCore {
  readonly outbox: IncidentOutbox;

  constructor(protected readonly deps: EngineDeps) {
    this.outbox = new IncidentOutbox(deps.notifications);
  }

  protected get repo(): IncidentRepo {
    return this.deps.repo;
  }

  protected get tr(): Translate {
    return translator(this.deps.locale);
  }

  protected now(): number {
    return this.deps.clock.now();
  }

  get(id: number): Incident {
    const inc = this.repo.get(id);
    if (!inc) throw new UnknownIncidentError(id, this.deps.locale);
    return inc;
  }

  protected open(id: number): Incident {
    const inc = this.get(id);
    if (inc.state !== 'open') throw new IncidentResolvedError(id, inc.resolved_by ?? '?', this.deps.locale);
    return inc;
  }

  protected step(inc: Incident, stepId: string, kinds?: StepKind[]): IncidentStep {
    const step = inc.steps.find((s) => s.id === stepId);
    if (!step) throw new UnknownStepError(inc.id, stepId, inc.steps.map((s) => s.id), this.deps.locale);
    if (kinds && !kinds.includes(step.kind)) throw new WrongStepKindError(stepId, step.kind, this.deps.locale);
    return step;
  }

  /** Timeline line + its thread reply + a re-render of the message. */
  protected record(id: number, actor: string, kind: TimelineKind, stepId: string | null = null, text: string | null = null): void {
    const at = this.now();
    const event = { incident_id: id, at, actor, kind, step_id: stepId, text: text === null ? null : redact(text) };
    const eventId = this.repo.addEvent(event);
    this.outbox.render(id);
    this.outbox.thread(id, { type: 'event', event: { id: eventId, ...event } });
  }

  /** Moves a step from one of `from` to `to`, or says why it cannot (resolved, or the step moved on). */
  protected transition(id: number, step: IncidentStep, from: StepState[], to: { state: StepState; by: string; text?: string; detail?: string }): void {
    if (this.repo.setStep(id, step.id, from, { ...to, at: this.now() })) {
      if (to.by !== TEACHOPS) this.repo.markMilestone(id, 'acknowledged_at', this.now());
      return;
    }
    const current = this.get(id);
    if (current.state !== 'open') throw new IncidentResolvedError(id, current.resolved_by ?? '?', this.deps.locale);
    const now = current.steps.find((s) => s.id === step.id)!;
    throw new StepStateError(step.id, now.state, now.by ?? '?', this.deps.locale);
  }

  /**
   * After a step closed: phases whose required steps are now all closed are complete (the time is kept), and a
   * milestone phase reached that way marks the incident recovered / its root cause found, unless people only skipped
   * its steps (then nothing was recovered or found).
   */
  protected settle(id: number): Incident {
    let inc = this.get(id);
    for (const phase of inc.phases) {
      if (phase.completed_at !== null || !phaseComplete(inc, phase.id)) continue;
      this.repo.completePhase(id, phase.id, this.now());
      inc = this.get(id);
      const done = inc.phases.find((p) => p.id === phase.id)!;
      if (!done.milestone || phaseOutcome(inc, done).outcome === 'skipped') continue;
      const field: MilestoneField = done.milestone === 'recovered' ? 'recovered_at' : 'root_cause_at';
      this.repo.markMilestone(id, field, this.now());
    }
    return this.get(id);
  }
}
