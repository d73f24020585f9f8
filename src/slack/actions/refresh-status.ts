/** The status message's Refresh button: re-renders the same message in place. Anyone may refresh. */
import { defineAction } from '../routes.js';
import { OK } from '../context.js';
import { refreshButton } from '../values.js';
import { STATUS_REFRESH_ACTION } from '../views/status.js';
import { statusView } from '../commands/status.js';

export const refreshStatus = defineAction({
  actionId: STATUS_REFRESH_ACTION,
  value: refreshButton,
  who: 'anyone',
  async run(ix, v) {
    const view = await statusView(ix, v.svc);
    if (ix.messageTs === undefined || ix.isEphemeral) await ix.reply.replaceEphemeral(view);
    else await ix.reply.update(ix.messageTs, view);
    return OK;
  },
});
