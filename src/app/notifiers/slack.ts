/**
 * The Slack notifier: one for every subject (alerts, incidents, notices), delivering through its own Web API client
 * (slack-client.ts). It turns what Slack answers into the pipeline's outcomes (slack-errors.ts) and probes the token
 * with auth.test while delivery is stopped by an auth error.
 */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config/types.js';
import type { OutboxStore } from '../../notify/outbox.js';
import type { Notifier, OutboxRow, ProbeResult, Reconciliation } from '../../notify/types.js';
import type { Store } from '../../store/index.js';
import { slackAlerts } from './slack-alert.js';
import { AUTH_ERRORS, classifySlackError, platformCode } from './slack-errors.js';
import { slackIncidents } from './slack-incident.js';
import { slackNotices } from './slack-notice.js';

export { METADATA_EVENT } from './slack-post.js';

export interface SlackNotifierDeps {
  config: Config;
  store: Store;
  outbox: OutboxStore;
  clock: Clock;
  web: WebClient;
}

type Part = { deliver: (web: WebClient, row: OutboxRow) => ReturnType<Notifier['deliver']>; reconcile: (web: WebClient, row: OutboxRow) => Promise<Reconciliation> };

export function createSlackNotifier(deps: SlackNotifierDeps): Notifier {
  const alerts = slackAlerts(deps);
  const incidents = slackIncidents({ config: deps.config, repo: deps.store.incidents, outbox: deps.outbox, clock: deps.clock });
  const notices = slackNotices(deps.config);
  const partOf = (row: OutboxRow): Part | undefined => {
    if (row.kind.startsWith('alert.')) return alerts;
    if (row.kind.startsWith('incident.')) return incidents;
    if (row.kind === 'notice') return notices;
    return undefined;
  };
  return {
    name: 'slack',
    async deliver(row) {
      const part = partOf(row);
      if (!part) return { ok: false, outcome: 'permanent', error: `no Slack view for ${row.kind}` };
      // Without alerts.channel, alerts and notices live on the console (the mirror showed this row already).
      if (!deps.config.alerts.channel && !row.kind.startsWith('incident.')) return { ok: true };
      try {
        return await part.deliver(deps.web, row);
      } catch (e) {
        return classifySlackError(e);
      }
    },
    async reconcile(row) {
      const part = partOf(row);
      if (!part) return { arrived: false };
      try {
        return await part.reconcile(deps.web, row);
      } catch (e) {
        // Refused for good (channel gone): nothing can be found, so it is sent; else ask again later.
        const c = classifySlackError(e);
        return c.outcome === 'permanent' ? { arrived: false } : 'unknown';
      }
    },
    async probe(): Promise<ProbeResult> {
      try {
        await deps.web.auth.test();
        return 'ok';
      } catch (e) {
        const code = platformCode(e);
        return code !== undefined && AUTH_ERRORS.has(code) ? 'auth' : 'unknown';
      }
    },
  };
}
