/** `/teach alerts`: the active alerts with their buttons, shown to whoever asked. */
import { defineCommand } from '../routes.js';
import { OK } from '../context.js';
import { listAlerts } from '../../ops/alerts.js';
import { alertListMessage } from '../views/alert-list.js';

export const alerts = defineCommand({
  name: 'alerts',
  aliases: ['alert'],
  usage: 'alerts.usage_alerts',
  summary: 'alerts.summary_alerts',
  async run(ix) {
    const active = listAlerts(ix.deps.ops);
    await ix.reply.ephemeral(alertListMessage(active, ix.deps.config));
    return { ...OK, detail: `${active.length} active` };
  },
});
