/**
 * Where an incident stands, read from its steps: which steps are closed, whether a phase is complete (every
 * required step done, skipped or not needed; optional steps never hold it open), the current phase, what is
 * overdue, and how each phase ended (met in time, late, skipped). The engine, the views, the CLI and the postmortem
 * all read progress through these, so "complete" means the same everywhere.
 */
import type { Incident, IncidentPhase, IncidentStep, StepState } from './types.js';

const CLOSED: ReadonlySet<StepState> = new Set(['done', 'skipped', 'not_needed']);

export const isClosed = (s: Pick<IncidentStep, 'state'>): boolean => CLOSED.has(s.state);

export function stepsOf(inc: Incident, phaseId: string): IncidentStep[] {
  return inc.steps.filter((s) => s.phase_id === phaseId);
}

/** Required steps of the phase that are not closed yet: what a reminder names. */
export function openRequired(inc: Incident, phaseId: string): IncidentStep[] {
  return stepsOf(inc, phaseId).filter((s) => !s.optional && !isClosed(s));
}

export function phaseComplete(inc: Incident, phaseId: string): boolean {
  return openRequired(inc, phaseId).length === 0;
}

/** The first phase that is not complete; undefined when every phase is. */
export function currentPhase(inc: Incident): IncidentPhase | undefined {
  return inc.phases.find((p) => !phaseComplete(inc, p.id));
}

export function isOverdue(inc: Incident, phase: IncidentPhase, now: number): boolean {
  return inc.state === 'open' && now >= phase.due_at && !phaseComplete(inc, phase.id);
}

/** Required steps of the root-cause phase still open (the Resolve dialog warns about them). */
export function openRootCauseSteps(inc: Incident): IncidentStep[] {
  const phase = inc.phases.find((p) => p.milestone === 'root_cause');
  return phase ? openRequired(inc, phase.id) : [];
}

/**
 * How a phase ended: `met` (complete by its deadline), `late` (complete after it), `skipped` (complete, but only
 * because people skipped its required steps: nothing was done), `open` (not complete). `at` is when it completed.
 */
export type PhaseOutcome = { outcome: 'met' | 'late' | 'skipped'; at: number } | { outcome: 'open' };

export function phaseOutcome(inc: Incident, phase: IncidentPhase): PhaseOutcome {
  if (phase.completed_at === null || !phaseComplete(inc, phase.id)) return { outcome: 'open' };
  const required = stepsOf(inc, phase.id).filter((s) => !s.optional);
  if (required.length > 0 && required.every((s) => s.state === 'skipped')) return { outcome: 'skipped', at: phase.completed_at };
  return { outcome: phase.completed_at <= phase.due_at ? 'met' : 'late', at: phase.completed_at };
}
