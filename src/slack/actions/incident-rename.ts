/** `Rename`: opens the modal with the current title. Only the lead renames; others are told at the click. */
import { defineAction } from '../routes.js';
import { OK } from '../context.js';
import { assertMayMutate } from '../../ops/access.js';
import { assertLead, incidentsOf } from '../../ops/incidents.js';
import { IncidentResolvedError } from '../../incidents/errors.js';
import { renameModal } from '../views/incident-modal.js';
import { INCIDENT_RENAME_ACTION, incidentButton } from '../views/incident-values.js';

export const incidentRename = defineAction({
  actionId: INCIDENT_RENAME_ACTION,
  value: incidentButton,
  async run(ix, v) {
    const { config } = ix.deps;
    assertMayMutate(config, ix.actor);
    const ictx = incidentsOf(ix.deps.ops);
    const inc = ictx.engine.get(v.inc);
    if (inc.state !== 'open') throw new IncidentResolvedError(inc.id, inc.resolved_by ?? '?', config.locale);
    assertLead(ictx, ix.actor, inc.id);
    if (ix.triggerId === undefined) return { outcome: 'failed', detail: 'no trigger_id to open the form with' };
    await ix.reply.openModal(ix.triggerId, renameModal(inc, ix.channel, config.locale));
    return OK;
  },
});
