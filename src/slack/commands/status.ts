/**
 * `/teach status [svc]`: the status message in the channel, with a Restart button on each service that is down
 * or unhealthy and a Refresh button. `statusView` is shared with the Refresh action.
 */
import { defineCommand } from '../routes.js';
import { OK, type Interaction } from '../context.js';
import { assertKnownService } from '../../ops/services.js';
import { statusMessage, wantsRestartButton } from '../views/status.js';
import type { SlackMessage } from '../views/blocks.js';
import { encodeValue, refreshButton } from '../values.js';
import { issueButton } from '../buttons.js';

export const RESTART_KIND = 'restart';

export async function statusView(ix: Interaction, service: string | null, fresh = false): Promise<SlackMessage> {
  const report = await ix.deps.status(service, fresh);
  const restartValues: Record<string, string> = {};
  for (const s of report.services) {
    if (!wantsRestartButton(s)) continue;
    // The version is the pid the message shows: a click after the service changed is answered, not acted on.
    restartValues[s.name] = issueButton(ix, { kind: RESTART_KIND, target: s.name, version: `${s.name}=${s.pid ?? '-'}` });
  }
  return statusMessage({ report, restartValues, refreshValue: encodeValue(refreshButton, { svc: service }) }, ix.deps.tr);
}

export const status = defineCommand({
  name: 'status',
  aliases: ['st'],
  usage: 'slack.usage_status',
  summary: 'slack.summary_status',
  async run(ix, args) {
    const service = args[0] ?? null;
    if (service !== null) assertKnownService(ix.deps.config, service);
    await ix.reply.post(await statusView(ix, service));
    return OK;
  },
});
