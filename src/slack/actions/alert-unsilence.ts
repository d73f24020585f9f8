/**
 * Unsilence on an alert: operators only. For an Alertmanager alert the silence is expired in Alertmanager first; if
 * it is down or refuses, the clicker is told why (ephemeral) and the alert stays silenced. The message itself is
 * edited through the outbox; the clicker hears only when nothing changed.
 */
import { defineAction } from '../routes.js';
import { unsilenceAlert } from '../../ops/alerts.js';
import { ALERT_UNSILENCE_ACTION } from '../views/alert.js';
import { alertButton } from '../views/alert-values.js';
import { alertReply, resolvedReply } from '../views/alert-replies.js';

export const unsilenceAlertAction = defineAction({
  actionId: ALERT_UNSILENCE_ACTION,
  value: alertButton,
  async run(ix, v) {
    const r = await unsilenceAlert(ix.deps.ops, ix.actor, v.alert);
    if (r.status === 'resolved') await ix.reply.ephemeral(resolvedReply(ix.deps.config, 'alerts.unsilence_resolved', r.alert));
    if (r.status === 'not_silenced') await ix.reply.ephemeral(alertReply(ix.deps.config, 'alerts.unsilence_not_silenced', { id: r.alert.id }));
    return r.status === 'unsilenced' ? { outcome: 'ok', detail: `alert #${r.alert.id}` } : { outcome: 'failed', detail: `alert #${r.alert.id} unchanged: ${r.status}` };
  },
});
