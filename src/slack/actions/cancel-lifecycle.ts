/** Cancel on the "Stop llm?" question: uses up the question's token so a later Confirm click does nothing. */
import { defineAction } from '../routes.js';
import { isOperator } from '../../ops/access.js';
import { NotRequesterError } from '../../ops/errors.js';
import { CANCEL_ACTION, confirmClosedMessage } from '../views/confirm.js';
import { claimButton } from '../buttons.js';
import { confirmKind } from '../lifecycle-run.js';
import { targetLabel } from '../views/lifecycle.js';
import { confirmValue } from './confirm-lifecycle.js';

export const cancelLifecycle = defineAction({
  actionId: CANCEL_ACTION,
  value: confirmValue,
  // The requester may take back their own question; anyone else must be an operator.
  who: 'anyone',
  async run(ix, v) {
    const { tr, ops, config } = ix.deps;
    const asked = ops.store.buttons.get(v.tok);
    if (asked && asked.created_by !== ix.user && !isOperator(config, ix.actor)) throw new NotRequesterError(ix.user, asked.created_by, config.locale);
    const claim = await claimButton(ix, v, confirmKind(v.act), 'cancelled');
    if (!claim.claimed) return claim.outcome;
    await ix.reply.replaceEphemeral(confirmClosedMessage(tr('slack.cancelled', { action: tr(`slack.verb_${v.act}`), target: targetLabel(v.svc, tr) })));
    return { outcome: 'ok', detail: 'cancelled' };
  },
});
