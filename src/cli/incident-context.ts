/**
 * The incident operations' context in a CLI process: the runbook, and people named through Slack's users.info when
 * this host has Slack credentials (environment or `.env`, as `teach run` reads them), else from the name cache.
 */
import { readDaemonEnv } from '../config/teachops-env.js';
import { incidentContext, type IncidentOpsContext } from '../ops/incidents.js';
import { cachedPeople } from '../ops/people.js';
import { slackModeFromEnv } from '../slack/mode.js';
import type { CliContext } from './context.js';

export async function cliIncidents(ctx: CliContext, opts: { people?: boolean } = {}): Promise<IncidentOpsContext> {
  const ictx = incidentContext(ctx.ops());
  if (!opts.people) return ictx;
  ictx.people = cachedPeople(ictx.store);
  try {
    const mode = slackModeFromEnv(readDaemonEnv(ctx.io.cwd, ctx.io.env), ctx.locale);
    if (mode.kind !== 'off') {
      const { slackPeople } = await import('../slack/people.js');
      ictx.people = slackPeople({ store: ictx.store, token: mode.botToken, apiUrl: mode.apiUrl, now: () => ictx.clock.now() });
    }
  } catch {
    // A half-set Slack environment is `teach run`'s to report; names then come from the cache.
  }
  return ictx;
}
