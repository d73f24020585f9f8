/**
 * Delivers incident outbox items to Slack: the incident message is posted once into alerts.channel (its channel +
 * ts recorded) and edited in place afterwards, always rendered from the incident's current row; thread items go
 * under it; the notify summary to its channel; the postmortem as a file in the thread (filesUploadV2). Each post
 * carries metadata naming its item, so an item a killed bot left in flight is looked up before it is sent again
 * (notifier-recover.ts). Like the alert notifier, it calls through its own client with retries off: the delivery loop owns retrying.
 */
import { readFileSync } from 'node:fs';
import { LogLevel, WebClient } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import { assertNever } from '../errors.js';
import { classifySlackError } from '../notify/slack-errors.js';
import { redactingFetch } from '../notify/redacting-fetch.js';
import { incidentMessage } from '../slack/views/incident.js';
import { chooseMessage, eventMessage, notifySummary, statusSnapshotMessage, switchBackMessage } from '../slack/views/incident-thread.js';
import type { SlackMessage } from '../slack/views/blocks.js';
import type { OutboxItem } from '../store/incident-outbox.js';
import type { IncidentRepo } from '../store/incidents.js';
import type { Recovery } from '../notify/types.js';
import type { DeliveryResult } from './delivery.js';
import { findDelivered, incidentMetadata, uploadName } from './notifier-recover.js';
import type { FilePayload, PostPayload, ThreadPayload } from './outbox.js';
import type { Incident } from './types.js';

export interface IncidentNotifierDeps {
  config: Config;
  repo: IncidentRepo;
  clock: Clock;
  client: () => WebClient | undefined;
  timeoutMs?: number;
}

export interface IncidentNotifier {
  ready(): boolean;
  deliver(item: OutboxItem): Promise<DeliveryResult>;
  recover(item: OutboxItem): Promise<Recovery>;
}

export function createIncidentNotifier(deps: IncidentNotifierDeps): IncidentNotifier {
  const locale = deps.config.locale;
  let cached: { from: WebClient; own: WebClient } | undefined;
  const client = (): WebClient | undefined => {
    const shared = deps.client();
    if (!shared) return undefined;
    if (cached?.from !== shared) {
      const own = new WebClient(shared.token, { slackApiUrl: shared.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: deps.timeoutMs ?? 10_000, logLevel: LogLevel.ERROR, fetch: redactingFetch() });
      cached = { from: shared, own };
    }
    return cached.own;
  };

  const threadContent = (p: ThreadPayload, inc: Incident): SlackMessage => {
    switch (p.type) {
      case 'event':
        return eventMessage(p.event, inc, locale);
      case 'status':
        return statusSnapshotMessage(p.report, locale);
      case 'choose':
        return chooseMessage(inc, p, locale);
      case 'switch_back':
        return switchBackMessage(inc, p, locale);
      default:
        return assertNever(p, 'thread payload');
    }
  };

  const deliver = async (web: WebClient, item: OutboxItem, inc: Incident): Promise<DeliveryResult> => {
    const channel = inc.channel ?? deps.config.alerts.channel;
    if (!channel) return { ok: false, error: 'alerts.channel is not set', permanent: true };
    const metadata = incidentMetadata(item);
    const threaded = async (m: SlackMessage): Promise<DeliveryResult> => {
      if (inc.message_ts === null) return { ok: false, error: 'the incident message is not posted yet' };
      const r = await web.chat.postMessage({ channel, thread_ts: inc.message_ts, text: m.text, blocks: m.blocks, metadata });
      return { ok: true, ...(r.ts ? { ts: r.ts } : {}) };
    };
    switch (item.kind) {
      case 'message': {
        const m = incidentMessage(inc, deps.clock.now(), locale);
        if (inc.message_ts === null) {
          const r = await web.chat.postMessage({ channel, text: m.text, blocks: m.blocks, metadata });
          if (r.ts) deps.repo.setMessage(inc.id, channel, r.ts);
          return { ok: true, ...(r.ts ? { ts: r.ts } : {}) };
        }
        // Each render shows the current row: a later render still waiting would show exactly the same.
        if (deps.repo.outbox.hasLaterMessage(item)) return { ok: true };
        await web.chat.update({ channel, ts: inc.message_ts, text: m.text, blocks: m.blocks });
        return { ok: true };
      }
      case 'thread':
        return threaded(threadContent(item.payload as ThreadPayload, inc));
      case 'post': {
        const p = item.payload as PostPayload;
        const m = notifySummary(inc, p.mention, locale);
        const r = await web.chat.postMessage({ channel: p.channel ?? channel, text: m.text, blocks: m.blocks, metadata });
        return { ok: true, ...(r.ts ? { ts: r.ts } : {}) };
      }
      case 'file': {
        const p = item.payload as FilePayload;
        if (inc.message_ts === null) return { ok: false, error: 'the incident message is not posted yet' };
        const content = readFileSync(p.file, 'utf8');
        await web.filesUploadV2({ channel_id: channel, thread_ts: inc.message_ts, content, filename: uploadName(p), title: p.title });
        return { ok: true };
      }
      default:
        return assertNever(item.kind, 'outbox kind');
    }
  };

  return {
    ready: () => client() !== undefined,
    async deliver(item) {
      const web = client();
      if (!web) return { ok: false, error: 'slack not connected' };
      const inc = deps.repo.get(item.incident_id);
      if (!inc) return { ok: false, error: `incident #${item.incident_id} is gone`, permanent: true };
      try {
        return await deliver(web, item, inc);
      } catch (e) {
        return classifySlackError(e);
      }
    },
    async recover(item) {
      const web = client();
      if (!web) return 'unknown';
      const inc = deps.repo.get(item.incident_id);
      const channel = inc?.channel ?? deps.config.alerts.channel;
      // Nothing to look in: delivering it will give up on it the same way.
      if (!inc || !channel) return { delivered: false };
      try {
        const found = await findDelivered(web, item, inc, channel);
        if (found.delivered && found.ts !== undefined && item.kind === 'message') deps.repo.setMessage(inc.id, channel, found.ts);
        return found;
      } catch (e) {
        // Refused for good (channel gone, scope missing): nothing can be found, so it is sent; else ask again later.
        return classifySlackError(e).permanent ? { delivered: false } : 'unknown';
      }
    },
  };
}
