/** `/teach monitor`: the full view (processes, host, connections per port, log summary) in the channel. */
import { defineCommand } from '../routes.js';
import { OK } from '../context.js';
import { collectFullView } from '../../ops/monitor.js';
import { monitorMessage } from '../views/monitor.js';

export const monitor = defineCommand({
  name: 'monitor',
  aliases: ['full'],
  usage: 'slack.usage_monitor',
  summary: 'slack.summary_monitor',
  async run(ix) {
    await ix.reply.post(monitorMessage(await collectFullView(ix.deps.ops), ix.deps.tr));
    return OK;
  },
});
