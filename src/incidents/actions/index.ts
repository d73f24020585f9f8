/** The built-in `run` actions by name; adding one to RUN_ACTIONS without a case here is a type error. */
import { assertNever } from '../../errors.js';
import type { RunAction } from '../types.js';
import { fallbackAction } from './fallback.js';
import { notifyAction } from './notify.js';
import { restartFailedAction } from './restart-failed.js';
import { statusAction } from './status.js';
import type { StepAction } from './types.js';
import { verifyAction } from './verify.js';

export function stepAction(run: RunAction): StepAction {
  switch (run) {
    case 'status':
      return statusAction;
    case 'restart-failed':
      return restartFailedAction;
    case 'fallback':
      return fallbackAction;
    case 'verify':
      return verifyAction;
    case 'notify':
      return notifyAction;
    default:
      return assertNever(run, 'run action');
  }
}

export { fallbackServices, overridesText } from './fallback.js';
export type { ActionDeps, ActionOutcome, ActionRequest, StepAction } from './types.js';
