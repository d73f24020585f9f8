/**
 * `Skip` on a step: opens the modal asking why (views.open with the click's trigger_id). Operators only, and a step
 * that cannot be skipped any more is answered at the click, so nobody writes a reason that would then be refused.
 */
import { defineAction } from '../routes.js';
import { OK } from '../context.js';
import { assertMayMutate } from '../../ops/access.js';
import { getIncident } from '../../ops/incidents.js';
import { IncidentResolvedError, StepStateError, UnknownStepError } from '../../incidents/errors.js';
import { skipModal } from '../views/incident-modal.js';
import { INCIDENT_SKIP_ACTION, stepButton } from '../views/incident-values.js';

export const incidentSkip = defineAction({
  actionId: INCIDENT_SKIP_ACTION,
  value: stepButton,
  async run(ix, v) {
    const { config } = ix.deps;
    assertMayMutate(config, ix.actor);
    const inc = getIncident(ix.deps.ops, v.inc);
    if (inc.state !== 'open') throw new IncidentResolvedError(inc.id, inc.resolved_by ?? '?', config.locale);
    const step = inc.steps.find((s) => s.id === v.step);
    if (!step) throw new UnknownStepError(inc.id, v.step, inc.steps.map((s) => s.id), config.locale);
    if (step.state !== 'open' && step.state !== 'failed') throw new StepStateError(step.id, step.state, step.by ?? '?', config.locale);
    if (ix.triggerId === undefined) return { outcome: 'failed', detail: 'no trigger_id to open the form with' };
    await ix.reply.openModal(ix.triggerId, skipModal(inc, step, ix.channel, config.locale));
    return OK;
  },
});
