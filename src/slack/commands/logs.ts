/** `/teach logs <svc> [lines]`: operators only; the last lines (default 20, max 100), redacted, with the error summary. */
import { defineCommand } from '../routes.js';
import { OK } from '../context.js';
import { readServiceLog, LOG_LINES_DEFAULT, LOG_LINES_MAX } from '../../ops/logs.js';
import { assertKnownService } from '../../ops/services.js';
import { logsMessage } from '../views/logs.js';
import { errorMessage } from '../views/notice.js';

export const logs = defineCommand({
  name: 'logs',
  aliases: ['log'],
  usage: 'slack.usage_logs',
  summary: 'slack.summary_logs',
  async run(ix, args) {
    const { config, tr } = ix.deps;
    const [service, count] = args;
    if (service === undefined) {
      await ix.reply.ephemeral(errorMessage({ message: tr('slack.missing_target', { usage: `/teach ${tr('slack.usage_logs')}` }), hint: tr('slack.valid_services', { services: config.serviceNames.join(', ') }) }, tr));
      return { outcome: 'failed', detail: 'no service given' };
    }
    assertKnownService(config, service);
    let n = LOG_LINES_DEFAULT;
    if (count !== undefined) {
      n = Number(count);
      if (!/^\d+$/.test(count) || n < 1) {
        await ix.reply.ephemeral(errorMessage({ message: tr('slack.bad_lines', { got: count, max: LOG_LINES_MAX }) }, tr));
        return { outcome: 'failed', detail: `bad line count ${count}` };
      }
      n = Math.min(n, LOG_LINES_MAX);
    }
    // Logs are shown only to the operator who asked: they may hold details the channel should not see.
    const view = await readServiceLog(ix.deps.ops, ix.actor, service, n);
    await ix.reply.ephemeral(logsMessage(view, tr));
    return OK;
  },
});
