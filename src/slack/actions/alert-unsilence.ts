/**
 * Unsilence on an alert: operators only. For an Alertmanager alert the silence is expired in Alertmanager first; if
 * it is down or refuses, the clicker is told why (ephemeral) and the alert stays silenced. The message itself is
 * edited through the outbox; the clicker hears only when nothing changed.
 */
import { defineAction } from '../routes.js';
import { unsilenceAlert } from '../../ops/alerts.js';
import { ALERT_UNSILENCE_ACTION } from '../views/alert.js';
import { alertButton } from '../views/alert-values.js';
import { infoMessage } from '../views/notice.js';

export const unsilenceAlertAction = defineAction({
  actionId: ALERT_UNSILENCE_ACTION,
  value: alertButton,
  async run(ix, v) {
    const r = await unsilenceAlert(ix.deps.ops, ix.actor, v.alert);
    if (r.status === 'unsilenced') return { outcome: 'ok', detail: `alert #${r.alert.id} unsilenced` };
    await ix.reply.ephemeral(infoMessage(ix.deps.tr(r.status === 'resolved' ? 'alerts.unsilence_resolved' : 'alerts.not_silenced', { id: r.alert.id })));
    return { outcome: 'failed', detail: `alert #${r.alert.id} unchanged: ${r.status}` };
  },
});
