/**
 * Acknowledge on an alert: operators only. The alert message itself is edited through the outbox; the clicker is
 * told only when nothing changed (already acknowledged: by whom and when; resolved: since when).
 */
import { defineAction } from '../routes.js';
import { acknowledgeAlert } from '../../ops/alerts.js';
import { ALERT_ACK_ACTION, slackFormat } from '../views/alert.js';
import { alertButton } from '../views/alert-values.js';
import { infoMessage } from '../views/notice.js';

export const acknowledgeAlertAction = defineAction({
  actionId: ALERT_ACK_ACTION,
  value: alertButton,
  async run(ix, v) {
    const r = await acknowledgeAlert(ix.deps.ops, ix.actor, v.alert);
    const { tr } = ix.deps;
    const a = r.alert;
    if (r.status === 'already') {
      await ix.reply.ephemeral(infoMessage(tr('alerts.ack_already', { id: a.id, who: slackFormat.who(a.acked_by ?? '?'), at: slackFormat.at(a.acked_at ?? 0) })));
    } else if (r.status === 'resolved') {
      await ix.reply.ephemeral(infoMessage(tr('alerts.ack_resolved', { id: a.id, at: slackFormat.at(a.resolved_at ?? 0) })));
    }
    return r.status === 'acknowledged' ? { outcome: 'ok', detail: `alert #${a.id}` } : { outcome: 'failed', detail: `alert #${a.id} unchanged: ${r.status}` };
  },
});
