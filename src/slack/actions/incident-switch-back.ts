/** `Switch back <svc>` after a fallback: the service restarted with its normal configuration. */
import { defineAction } from '../routes.js';
import { incidentsOf, switchBack } from '../../ops/incidents.js';
import { INCIDENT_SWITCH_BACK_ACTION, serviceButton } from '../views/incident-values.js';

export const incidentSwitchBack = defineAction({
  actionId: INCIDENT_SWITCH_BACK_ACTION,
  value: serviceButton,
  async run(ix, v) {
    const ok = await switchBack(incidentsOf(ix.deps.ops), ix.actor, v.inc, v.step, v.svc);
    return { outcome: ok ? 'ok' : 'failed' };
  },
});
