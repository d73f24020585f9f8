/**
 * `/teach start|stop|restart <svc|all>`: operators only; `stop` and anything on `all` ask first. The three
 * commands differ only in their action, so one factory makes them (start.ts, stop.ts, restart.ts name them).
 */
import type { LifecycleAction } from '../../supervisor/types.js';
import { defineCommand, type CommandRoute } from '../routes.js';
import { assertKnownService } from '../../ops/services.js';
import { assertMayMutate } from '../../ops/access.js';
import { askConfirmation, needsConfirmation, runWithProgress } from '../lifecycle-run.js';
import { errorMessage } from '../views/notice.js';

export function lifecycleCommand(action: LifecycleAction): CommandRoute {
  return defineCommand({
    name: action,
    usage: `slack.usage_${action}`,
    summary: `slack.summary_${action}`,
    async run(ix, args) {
      const { config, tr } = ix.deps;
      const target = args[0];
      if (target === undefined) {
        await ix.reply.ephemeral(errorMessage({ message: tr('slack.missing_target', { usage: `/teach ${tr(`slack.usage_${action}`)}` }), hint: tr('slack.valid_services', { services: [...config.serviceNames, 'all'].join(', ') }) }, tr));
        return { outcome: 'failed', detail: 'no service given' };
      }
      // Names from a request are checked against the config before anything else sees them.
      assertKnownService(config, target, true);
      // Refuse before asking for a confirmation the user could never use.
      assertMayMutate(config, ix.actor);
      if (needsConfirmation(action, target)) return askConfirmation(ix, action, target);
      return runWithProgress(ix, action, target);
    },
  });
}
