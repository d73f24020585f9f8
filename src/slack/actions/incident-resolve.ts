/**
 * `Resolve` (after its confirm dialog): closes the incident, writes logs/incidents/<id>.md and posts it to the thread
 * as a file; the message shows the incident as resolved, without buttons.
 */
import { defineAction } from '../routes.js';
import { incidentsOf, resolveIncident } from '../../ops/incidents.js';
import { INCIDENT_RESOLVE_ACTION, incidentButton } from '../views/incident-values.js';

export const incidentResolve = defineAction({
  actionId: INCIDENT_RESOLVE_ACTION,
  value: incidentButton,
  async run(ix, v) {
    const { file } = await resolveIncident(incidentsOf(ix.deps.ops), ix.actor, v.inc);
    return { outcome: 'ok', detail: file };
  },
});
