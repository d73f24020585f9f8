/** Confirm on the "Stop llm?" question: operators only, once, and only while the services are as they were asked about. */
import { defineAction } from '../routes.js';
import { assertMayMutate } from '../../ops/access.js';
import { lifecycleAction, tokenButton } from '../values.js';
import { CONFIRM_ACTION, confirmClosedMessage } from '../views/confirm.js';
import { claimButton } from '../buttons.js';
import { confirmKind, runWithProgress } from '../lifecycle-run.js';
import { targetLabel } from '../views/lifecycle.js';

export const confirmValue = tokenButton.extend({ act: lifecycleAction });

export const confirmLifecycle = defineAction({
  actionId: CONFIRM_ACTION,
  value: confirmValue,
  async run(ix, v) {
    const { tr } = ix.deps;
    assertMayMutate(ix.deps.config, ix.actor);
    const claim = await claimButton(ix, v, confirmKind(v.act));
    if (!claim.claimed) return claim.outcome;
    await ix.reply.replaceEphemeral(confirmClosedMessage(tr('slack.confirmed', { action: tr(`slack.verb_${v.act}`), target: targetLabel(v.svc, tr) })));
    return runWithProgress(ix, v.act, claim.row.target);
  },
});
