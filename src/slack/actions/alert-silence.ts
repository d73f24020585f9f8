/** Silence (1 h, 4 h, until resolved) on an alert: operators only; stops re-notification, not recording. */
import { defineAction } from '../routes.js';
import { silenceAlert } from '../../ops/alerts.js';
import { ALERT_SILENCE_ACTION } from '../views/alert.js';
import { alertSilenceOption } from '../views/alert-values.js';
import { resolvedReply } from '../views/alert-replies.js';

export const silenceAlertAction = defineAction({
  actionId: ALERT_SILENCE_ACTION,
  value: alertSilenceOption,
  async run(ix, v) {
    const r = await silenceAlert(ix.deps.ops, ix.actor, v.alert, v.for);
    if (r.status !== 'silenced') {
      await ix.reply.ephemeral(resolvedReply(ix.deps.config, 'alerts.ack_resolved', r.alert));
      return { outcome: 'failed', detail: `alert #${r.alert.id} unchanged: resolved` };
    }
    return { outcome: 'ok', detail: `alert #${r.alert.id} silenced ${v.for}` };
  },
});
