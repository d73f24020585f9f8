/** `Done` on a manual runbook step. The incident message and its thread are updated through the incident outbox. */
import { defineAction } from '../routes.js';
import { OK } from '../context.js';
import { completeStep, incidentsOf } from '../../ops/incidents.js';
import { INCIDENT_DONE_ACTION, stepButton } from '../views/incident-values.js';

export const incidentDone = defineAction({
  actionId: INCIDENT_DONE_ACTION,
  value: stepButton,
  async run(ix, v) {
    await completeStep(incidentsOf(ix.deps.ops), ix.actor, v.inc, v.step);
    return OK;
  },
});
