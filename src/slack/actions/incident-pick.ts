/** A service picked after `restart-failed` or `fallback` asked which: the step runs again for that service. */
import { defineAction } from '../routes.js';
import { incidentsOf, runStep } from '../../ops/incidents.js';
import { INCIDENT_PICK_ACTION, serviceButton } from '../views/incident-values.js';

export const incidentPick = defineAction({
  actionId: INCIDENT_PICK_ACTION,
  value: serviceButton,
  async run(ix, v) {
    const inc = await runStep(incidentsOf(ix.deps.ops), ix.actor, v.inc, v.step, { service: v.svc });
    const step = inc.steps.find((s) => s.id === v.step);
    return { outcome: step?.state === 'failed' ? 'failed' : 'ok', detail: step?.detail ?? null };
  },
});
