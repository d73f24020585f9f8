/**
 * `Write` / `Edit` on an `input: text` step: opens the modal (views.open with the click's trigger_id). Operators only,
 * checked before the form opens so nobody types a note that would then be refused.
 */
import { defineAction } from '../routes.js';
import { OK } from '../context.js';
import { stepForForm } from '../../ops/incidents.js';
import { textModal } from '../views/incident-modal.js';
import { INCIDENT_WRITE_ACTION, stepButton } from '../views/incident-values.js';

export const incidentWrite = defineAction({
  actionId: INCIDENT_WRITE_ACTION,
  value: stepButton,
  async run(ix, v) {
    const { incident: inc, step } = stepForForm(ix.deps.ops, ix.actor, v.inc, v.step, 'text');
    if (ix.triggerId === undefined) return { outcome: 'failed', detail: 'no trigger_id to open the form with' };
    await ix.reply.openModal(ix.triggerId, textModal(inc, step, ix.channel, ix.deps.config.locale));
    return OK;
  },
});
