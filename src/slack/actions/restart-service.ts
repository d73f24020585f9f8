/**
 * `Restart <svc>` on a status message: operators only, once per button, and only if the service is still in the
 * state the message showed. Afterwards the status message itself is refreshed.
 */
import { defineAction } from '../routes.js';
import { assertMayMutate } from '../../ops/access.js';
import { tokenButton } from '../values.js';
import { STATUS_RESTART_ACTION } from '../views/status.js';
import { claimButton } from '../buttons.js';
import { runWithProgress } from '../lifecycle-run.js';
import { RESTART_KIND, statusView } from '../commands/status.js';

export const restartService = defineAction({
  actionId: STATUS_RESTART_ACTION,
  value: tokenButton,
  async run(ix, v) {
    // Permission first, so a refused click does not use up the button for the operators.
    assertMayMutate(ix.deps.config, ix.actor);
    const claim = await claimButton(ix, v, RESTART_KIND);
    if (!claim.claimed) return claim.outcome;
    const outcome = await runWithProgress(ix, 'restart', claim.row.target);
    if (ix.messageTs !== undefined && !ix.isEphemeral) {
      const ts = ix.messageTs;
      // The status message must not keep offering a restart that already happened; a failure here is cosmetic.
      await statusView(ix, null, true)
        .then((view) => ix.reply.update(ts, view))
        .catch((e: unknown) => ix.deps.log(`slack: could not refresh the status message: ${e instanceof Error ? e.message : String(e)}`));
    }
    return outcome;
  },
});
