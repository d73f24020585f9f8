/**
 * Acknowledge on an alert: operators only. The alert message itself is edited through the outbox; the clicker is
 * told only when nothing changed (already acknowledged: by whom and when; resolved: since when).
 */
import { defineAction } from '../routes.js';
import { acknowledgeAlert } from '../../ops/alerts.js';
import { ALERT_ACK_ACTION } from '../views/alert.js';
import { alertButton } from '../views/alert-values.js';
import { alertReply, atMarkup, resolvedReply, whoMarkup } from '../views/alert-replies.js';

export const acknowledgeAlertAction = defineAction({
  actionId: ALERT_ACK_ACTION,
  value: alertButton,
  async run(ix, v) {
    const r = await acknowledgeAlert(ix.deps.ops, ix.actor, v.alert);
    const { config } = ix.deps;
    const a = r.alert;
    if (r.status === 'already') {
      await ix.reply.ephemeral(alertReply(config, 'alerts.ack_already', { id: a.id, who: whoMarkup(a.acked_by ?? '?'), at: atMarkup(a.acked_at ?? 0) }));
    } else if (r.status === 'resolved') {
      await ix.reply.ephemeral(resolvedReply(config, 'alerts.ack_resolved', a));
    }
    return r.status === 'acknowledged' ? { outcome: 'ok', detail: `alert #${a.id}` } : { outcome: 'failed', detail: `alert #${a.id} unchanged: ${r.status}` };
  },
});
