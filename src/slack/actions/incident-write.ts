/**
 * `Write` / `Edit` on an `input: text` step: opens the modal (views.open with the click's trigger_id). Operators only,
 * checked before the form opens so nobody types a note that would then be refused.
 */
import { defineAction } from '../routes.js';
import { OK } from '../context.js';
import { assertMayMutate } from '../../ops/access.js';
import { getIncident } from '../../ops/incidents.js';
import { IncidentResolvedError, UnknownStepError, WrongStepKindError } from '../../incidents/errors.js';
import { textModal } from '../views/incident-modal.js';
import { INCIDENT_WRITE_ACTION, stepButton } from '../views/incident-values.js';

export const incidentWrite = defineAction({
  actionId: INCIDENT_WRITE_ACTION,
  value: stepButton,
  async run(ix, v) {
    const { config } = ix.deps;
    assertMayMutate(config, ix.actor);
    const inc = getIncident(ix.deps.ops, v.inc);
    if (inc.state !== 'open') throw new IncidentResolvedError(inc.id, inc.resolved_by ?? '?', config.locale);
    const step = inc.steps.find((s) => s.id === v.step);
    if (!step) throw new UnknownStepError(inc.id, v.step, inc.steps.map((s) => s.id), config.locale);
    if (step.kind !== 'text') throw new WrongStepKindError(step.id, step.kind, config.locale);
    if (ix.triggerId === undefined) return { outcome: 'failed', detail: 'no trigger_id to open the form with' };
    await ix.reply.openModal(ix.triggerId, textModal(inc, step, ix.channel, config.locale));
    return OK;
  },
});
