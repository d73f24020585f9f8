/**
 * Step transitions: Done on a manual step, Run (running -> done / failed), text written, Skip with a reason, and
 * "not needed" when the phase's goal is met: `verify` passing closes the open or failed remediation steps of its
 * phase (restart-failed, fallback), so nobody is asked to restart a service the fallback already brought back.
 */
import { EmptyReasonError, EmptyTextError } from './errors.js';
import { EngineCore, TEACHOPS } from './engine-core.js';
import type { ThreadPayload } from './outbox.js';
import { stepsOf } from './progress.js';
import { localize } from './text.js';
import type { Incident, IncidentStep, RunAction } from './types.js';
import { redact } from '../util/redact.js';

export const MAX_TEXT = 2900;

/** The actions that work towards a phase's goal; once it is met, those still open are not needed. */
const REMEDIATION: readonly RunAction[] = ['restart-failed', 'fallback'];

export interface RunOutcome {
  result: 'done' | 'failed' | 'open';
  detail: string;
  /** snapshots, choices: to the thread before the outcome line */
  lines?: ThreadPayload[];
}

export class StepEngine extends EngineCore {
  /** Done on a manual step. */
  completeStep(id: number, stepId: string, by: string): Incident {
    return this.repo.atomic(() => {
      const step = this.step(this.open(id), stepId, ['manual']);
      this.transition(id, step, ['open', 'failed'], { state: 'done', by });
      this.record(id, by, 'step_done', stepId);
      return this.settle(id);
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

  /** The action's outcome: done or failed, or back to open when it needs a choice from a person first. */
  finishRun(id: number, stepId: string, by: string, outcome: RunOutcome): Incident {
    return this.repo.atomic(() => {
      for (const line of outcome.lines ?? []) this.outbox.thread(id, line);
      const step = this.step(this.get(id), stepId, ['run']);
      this.transition(id, step, ['running'], { state: outcome.result, by, detail: redact(outcome.detail) });
      this.record(id, by, outcome.result === 'done' ? 'step_done' : outcome.result === 'failed' ? 'step_failed' : 'action_note', stepId, outcome.detail);
      if (outcome.result === 'done' && step.run === 'verify') this.goalMet(id, step);
      return this.settle(id);
    });
  }

  /** An `input: text` step: the text is kept (writing again replaces it; a skipped note may still be written). */
  submitText(id: number, stepId: string, by: string, text: string): Incident {
    return this.repo.atomic(() => {
      const clean = text.trim();
      if (!clean) throw new EmptyTextError(this.deps.locale);
      const step = this.step(this.open(id), stepId, ['text']);
      this.transition(id, step, ['open', 'failed', 'done', 'skipped'], { state: 'done', by, text: redact(clean.slice(0, MAX_TEXT)) });
      this.record(id, by, 'step_text', stepId, clean.slice(0, MAX_TEXT));
      return this.settle(id);
    });
  }

  /** A person decides a step is not to be done, and says why (kept in the step, the thread and the postmortem). */
  skipStep(id: number, stepId: string, by: string, reason: string): Incident {
    return this.repo.atomic(() => {
      const clean = reason.trim();
      if (!clean) throw new EmptyReasonError(this.deps.locale);
      const step = this.step(this.open(id), stepId);
      this.transition(id, step, ['open', 'failed'], { state: 'skipped', by, detail: redact(clean.slice(0, MAX_TEXT)) });
      this.record(id, by, 'step_skipped', stepId, clean.slice(0, MAX_TEXT));
      return this.settle(id);
    });
  }

  /** `goal` (a verify step) passed: the remediation steps of its phase that are still open or failed are not needed. */
  private goalMet(id: number, goal: IncidentStep): void {
    this.repo.markMilestone(id, 'recovered_at', this.now());
    const inc = this.get(id);
    const why = this.tr('incidents.not_needed_because', { goal: localize(goal.title, this.deps.locale) });
    for (const s of stepsOf(inc, goal.phase_id)) {
      if (s.run === null || !REMEDIATION.includes(s.run) || (s.state !== 'open' && s.state !== 'failed')) continue;
      if (this.repo.setStep(id, s.id, ['open', 'failed'], { state: 'not_needed', by: TEACHOPS, at: this.now(), detail: why })) this.record(id, TEACHOPS, 'step_not_needed', s.id, why);
    }
  }
}
