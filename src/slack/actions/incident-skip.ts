/**
 * `Skip` on a step: opens the modal asking why (views.open with the click's trigger_id). Operators only, and a step
 * that cannot be skipped any more is answered at the click, so nobody writes a reason that would then be refused.
 */
import { defineAction } from '../routes.js';
import { OK } from '../context.js';
import { stepForForm } from '../../ops/incidents.js';
import { skipModal } from '../views/incident-modal.js';
import { INCIDENT_SKIP_ACTION, stepButton } from '../views/incident-values.js';

export const incidentSkip = defineAction({
  actionId: INCIDENT_SKIP_ACTION,
  value: stepButton,
  async run(ix, v) {
    const { incident: inc, step } = stepForForm(ix.deps.ops, ix.actor, v.inc, v.step, 'skip');
    if (ix.triggerId === undefined) return { outcome: 'failed', detail: 'no trigger_id to open the form with' };
    await ix.reply.openModal(ix.triggerId, skipModal(inc, step, ix.channel, ix.deps.config.locale));
    return OK;
  },
});
