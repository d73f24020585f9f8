/**
 * `Run` / `Run again` on a step with a built-in action: the step shows as running at once, the action does the work
 * (restart, fallback, verify ...) and the step ends done or failed with what it found.
 */
import { defineAction } from '../routes.js';
import { incidentsOf, runStep } from '../../ops/incidents.js';
import { INCIDENT_RUN_ACTION, stepButton } from '../views/incident-values.js';

export const incidentRun = defineAction({
  actionId: INCIDENT_RUN_ACTION,
  value: stepButton,
  async run(ix, v) {
    const inc = await runStep(incidentsOf(ix.deps.ops), ix.actor, v.inc, v.step);
    const step = inc.steps.find((s) => s.id === v.step);
    return { outcome: step?.state === 'failed' ? 'failed' : 'ok', detail: step?.detail ?? null };
  },
});
