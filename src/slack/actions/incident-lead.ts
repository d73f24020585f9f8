/** `Take lead`: the clicker becomes the incident lead (reminders mention them from now on). */
import { defineAction } from '../routes.js';
import { OK } from '../context.js';
import { incidentsOf, takeLead } from '../../ops/incidents.js';
import { infoMessage } from '../views/notice.js';
import { INCIDENT_LEAD_ACTION, incidentButton } from '../views/incident-values.js';

export const incidentLead = defineAction({
  actionId: INCIDENT_LEAD_ACTION,
  value: incidentButton,
  async run(ix, v) {
    if (await takeLead(incidentsOf(ix.deps.ops), ix.actor, v.inc)) return OK;
    await ix.reply.ephemeral(infoMessage(ix.deps.tr('incidents.already_lead', { id: v.inc })));
    return { outcome: 'ok', detail: 'already the lead' };
  },
});
