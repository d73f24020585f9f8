/**
 * The runbook engine: incident state transitions. Each change is one conditional update in the store, one line in
 * the timeline, a re-render of the incident message and that line in its thread (both through the outbox).
 * No permission checks here: src/ops/incidents.ts does those (and the audit) before calling in. Step transitions
 * are in steps.ts; what they share in engine-core.ts.
 */
import { redact } from '../util/redact.js';
import { EmptyTextError, IncidentResolvedError } from './errors.js';
import { TEACHOPS } from './engine-core.js';
import { openRequired } from './progress.js';
import { MAX_TEXT, StepEngine } from './steps.js';
import type { ThreadPayload } from './outbox.js';
import type { Incident, LinkedAlert, Notified, Runbook } from './types.js';

export type { EngineDeps } from './engine-core.js';
export { MAX_TEXT } from './steps.js';
export const MAX_TITLE = 150;

export class IncidentEngine extends StepEngine {
  declare(input: { title: string; by: string; runbook: Runbook; alerts?: Omit<LinkedAlert, 'linked_at'>[]; channel?: string | null }): Incident {
    return this.repo.atomic(() => {
      const title = redact(input.title.trim().slice(0, MAX_TITLE));
      const id = this.repo.create({ title, by: input.by, at: this.now(), runbook: input.runbook, alerts: input.alerts ?? [], channel: input.channel ?? null });
      // The message first (it creates the thread), then the declaration line in it. The line keeps the title it was
      // declared with: a later rename does not rewrite history.
      this.record(id, input.by, 'declared', null, title);
      return this.settle(id);
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

  /** A new title (the lead, or any operator); false when it is the same. The timeline keeps the old one. */
  rename(id: number, by: string, title: string): boolean {
    return this.repo.atomic(() => {
      const clean = redact(title.trim().slice(0, MAX_TITLE));
      if (!clean) throw new EmptyTextError(this.deps.locale);
      this.open(id);
      if (!this.repo.setTitle(id, clean)) return false;
      this.record(id, by, 'renamed', null, clean);
      return true;
    });
  }

  /** A note a person adds to a step (or to the incident, `stepId` null): who wrote what, in the timeline. */
  addNote(id: number, by: string, stepId: string | null, text: string): void {
    return this.repo.atomic(() => {
      const clean = text.trim();
      if (!clean) throw new EmptyTextError(this.deps.locale);
      const inc = this.open(id);
      if (stepId !== null) this.step(inc, stepId);
      this.record(id, by, 'note', stepId, clean.slice(0, MAX_TEXT));
    });
  }

  /** A line from an action that is not a step transition (e.g. "switched back"). */
  note(id: number, by: string, stepId: string | null, text: string, lines: ThreadPayload[] = []): void {
    return this.repo.atomic(() => {
      if (stepId !== null) this.step(this.get(id), stepId);
      for (const line of lines) this.outbox.thread(id, line);
      this.record(id, by, 'action_note', stepId, text.slice(0, MAX_TEXT));
    });
  }

  /** What the notify step posted, shown in the incident message. */
  setNotified(id: number, n: Notified): void {
    this.repo.atomic(() => {
      this.repo.setNotified(id, n);
      this.outbox.render(id);
    });
  }

  /**
   * A step still `running` whose runner is gone (a bot or a `teach incident step ... run` that died mid-action)
   * becomes failed, with the reason, so it can be run again instead of showing "running" forever. `running(id, step)`
   * says whether its runner is still alive.
   */
  failInterrupted(detail: string, running: (incident: number, step: string) => boolean = () => false): number {
    return this.repo.atomic(() => {
      const stuck = this.repo.runningSteps().filter((s) => !running(s.incident_id, s.step_id));
      for (const s of stuck) {
        if (this.repo.setStep(s.incident_id, s.step_id, ['running'], { state: 'failed', by: TEACHOPS, at: this.now(), detail })) this.record(s.incident_id, TEACHOPS, 'step_failed', s.step_id, detail);
      }
      return stuck.length;
    });
  }

  markRecovered(id: number): void {
    this.repo.markMilestone(id, 'recovered_at', this.now());
  }

  /** The phase deadline passed: one reminder (across restarts and processes) naming the required steps still open. */
  checkDeadline(id: number, phaseId: string): 'reminded' | 'complete' | 'already' | 'not_due' | 'closed' {
    return this.repo.atomic(() => {
      const inc = this.repo.get(id);
      if (!inc || inc.state !== 'open') return 'closed';
      const phase = inc.phases.find((p) => p.id === phaseId);
      if (!phase || phase.reminded_at !== null) return 'already';
      if (this.now() < phase.due_at) return 'not_due';
      const open = openRequired(inc, phaseId);
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
}
