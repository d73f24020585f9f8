/**
 * Restart <svc> on an alert: operators only, and only while the alert is active (a click on a resolved alert is
 * told so and restarts nothing). The restart itself is the same as `/teach restart <svc>`, progress in place.
 */
import { defineAction } from '../routes.js';
import { assertMayMutate } from '../../ops/access.js';
import { ALERT_RESTART_ACTION, slackFormat } from '../views/alert.js';
import { alertButton } from '../views/alert-values.js';
import { infoMessage } from '../views/notice.js';
import { runWithProgress } from '../lifecycle-run.js';
import { AlertNotFoundError } from '../../ops/alerts.js';
import { LockBusyError } from '../../supervisor/errors.js';

/**
 * Alerts whose Restart is running in this bot. The alert stays active until the service is healthy again, so without
 * this a double click (or two operators) would restart the service twice, the second waiting for the first's lock.
 */
const restarting = new Map<number, string>();

export const restartFromAlert = defineAction({
  actionId: ALERT_RESTART_ACTION,
  value: alertButton,
  async run(ix, v) {
    assertMayMutate(ix.deps.config, ix.actor);
    const alert = ix.deps.ops.store.alerts.get(v.alert);
    if (!alert) throw new AlertNotFoundError(v.alert, ix.deps.config.locale);
    const service = alert.service ?? v.svc;
    if (alert.state === 'resolved' || service === undefined) {
      await ix.reply.ephemeral(infoMessage(ix.deps.tr('alerts.restart_resolved', { id: alert.id, at: slackFormat.at(alert.resolved_at ?? 0) })));
      return { outcome: 'failed', detail: `alert #${alert.id} is resolved` };
    }
    const by = restarting.get(alert.id);
    if (by !== undefined) throw new LockBusyError(service, process.pid, `restart from alert #${alert.id} by ${by}`, '0 s', ix.deps.config.locale);
    restarting.set(alert.id, ix.user);
    try {
      return await runWithProgress(ix, 'restart', service);
    } finally {
      restarting.delete(alert.id);
    }
  },
});
