/**
 * Restart <svc> on an alert: operators only. The restart is the same operation as `/teach restart <svc>`, but its
 * progress and result are a line in the alert's thread and a success resolves the alert (src/ops/alert-restart.ts),
 * so the channel gets no second message. A click that changes nothing is told why, and nothing else: the alert is
 * resolved, a restart from it is already running (who started it, when), or something else operates on the service.
 */
import { defineAction } from '../routes.js';
import { alertRestartOutcome, restartFromAlert as restartOperation } from '../../ops/alert-restart.js';
import { assertNever } from '../../errors.js';
import { ALERT_RESTART_ACTION } from '../views/alert.js';
import { alertButton } from '../views/alert-values.js';
import { alertReply, atMarkup, resolvedReply, whoMarkup } from '../views/alert-replies.js';

export const restartFromAlert = defineAction({
  actionId: ALERT_RESTART_ACTION,
  value: alertButton,
  async run(ix, v) {
    const { config } = ix.deps;
    const r = await restartOperation(ix.deps.ops, ix.actor, v.alert);
    const service = r.alert.service ?? v.svc ?? '?';
    switch (r.status) {
      case 'done':
        break;
      case 'resolved':
        await ix.reply.ephemeral(resolvedReply(config, 'alerts.restart_resolved', r.alert));
        break;
      case 'running':
        await ix.reply.ephemeral(alertReply(config, 'alerts.restart_running', { service, who: whoMarkup(r.by), at: atMarkup(r.since) }));
        break;
      case 'busy':
        await ix.reply.ephemeral(alertReply(config, 'alerts.restart_busy', { service, purpose: r.purpose, pid: r.pid }));
        break;
      default:
        return assertNever(r, 'alert restart result');
    }
    return alertRestartOutcome(r);
  },
});
