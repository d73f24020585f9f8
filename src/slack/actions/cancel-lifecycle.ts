/** Cancel on the "Stop llm?" question: uses up the question's token so a later Confirm click does nothing. */
import { defineAction } from '../routes.js';
import { CANCEL_ACTION, confirmClosedMessage } from '../views/confirm.js';
import { claimButton } from '../buttons.js';
import { confirmKind } from '../lifecycle-run.js';
import { targetLabel } from '../views/lifecycle.js';
import { confirmValue } from './confirm-lifecycle.js';

export const cancelLifecycle = defineAction({
  actionId: CANCEL_ACTION,
  value: confirmValue,
  async run(ix, v) {
    const { tr } = ix.deps;
    const claim = await claimButton(ix, v, confirmKind(v.act), 'cancelled');
    if (!claim.claimed) return claim.outcome;
    await ix.reply.replaceEphemeral(confirmClosedMessage(tr('slack.cancelled', { action: tr(`slack.verb_${v.act}`), target: targetLabel(v.svc, tr) })));
    return { outcome: 'ok', detail: 'cancelled' };
  },
});
