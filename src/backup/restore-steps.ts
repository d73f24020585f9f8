/** The step-by-step report of a restore: what each step did, emitted as it happens and collected for the end. */
import { errorMessage } from '../errors.js';

export const restoreSteps = ['verify', 'stop', 'restore_config', 'restore_data', 'start', 'health'] as const;
export type RestoreStepName = (typeof restoreSteps)[number];
export type StepStatus = 'running' | 'done' | 'failed' | 'skipped' | 'planned';

export interface FileSummary {
  /** archive paths of the files that replace an existing one */
  replaced: string[];
  added: string[];
  unchanged: number;
  /** every file this step writes (or would write), absolute, computed from the current config */
  destinations: string[];
}

export interface RestoreStep {
  step: RestoreStepName;
  status: StepStatus;
  /** verify: files checked against the manifest */
  verified?: number;
  files?: FileSummary;
  services?: string[];
  error?: Error;
}

export interface RestoreReport {
  ok: boolean;
  dryRun: boolean;
  archive: string;
  /** final state of every step, in order */
  steps: RestoreStep[];
  /** where replaced files were kept; null when nothing was written */
  sideDir: string | null;
  /** a write failed and what had been written was put back */
  rolledBack: boolean;
  error?: Error;
}

export function stepRecorder(archive: string, dryRun: boolean, onStep?: (s: RestoreStep) => void) {
  const last = new Map<RestoreStepName, RestoreStep>();
  let sideDir: string | null = null;
  let rolledBack = false;
  const emit = (s: RestoreStep) => {
    last.set(s.step, s);
    onStep?.(s);
  };
  const report = (ok: boolean, error?: Error): RestoreReport => ({
    ok,
    dryRun,
    archive,
    steps: restoreSteps.map((step) => last.get(step) ?? { step, status: 'skipped' as const }),
    sideDir,
    rolledBack,
    ...(error ? { error } : {}),
  });
  return {
    emit,
    report,
    setSideDir: (d: string) => void (sideDir = d),
    setRolledBack: () => void (rolledBack = true),
    /** marks `step` failed, every later step skipped, and returns the failed report */
    fail(step: RestoreStepName, e: unknown, extra: Partial<RestoreStep> = {}): RestoreReport {
      const error = e instanceof Error ? e : new Error(errorMessage(e));
      emit({ ...last.get(step), ...extra, step, status: 'failed', error });
      for (const later of restoreSteps.slice(restoreSteps.indexOf(step) + 1)) if (!last.has(later)) emit({ step: later, status: 'skipped' });
      return report(false, error);
    },
  };
}
