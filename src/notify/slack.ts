/**
 * Delivers outbox records to Slack. An alert is posted once (with metadata naming the alert and the record, so a
 * post whose answer was lost can be found again), its channel + ts recorded, and every later state change edits
 * that message in place (chat.update, always rendering the alert's current row); notes go into its thread.
 * Calls go through a client with retries off: the delivery loop owns retrying, in order, with Retry-After, and a
 * call stuck in the client's own retry loop would hold up nothing but hide the state.
 */
import { WebClient, LogLevel } from '@slack/web-api';
import type { Config } from '../config/types.js';
import type { AlertRow } from '../store/alerts.js';
import type { Store } from '../store/index.js';
import type { OutboxRow } from '../store/outbox.js';
import { alertMessage } from '../slack/views/alert.js';
import { noteMessage, renotifyMessage, snapshotMessage } from '../slack/views/alert-thread.js';
import type { SlackMessage } from '../slack/views/blocks.js';
import { assertNever } from '../errors.js';
import { asSnapshot } from './snapshot-text.js';
import { classifySlackError } from './slack-errors.js';
import { findPosted } from './slack-recover.js';
import { redactingFetch } from './redacting-fetch.js';
import type { DeliveryResult, Notifier, Recovery } from './types.js';

export const METADATA_EVENT = 'teachops_alert';

export interface SlackNotifierDeps {
  config: Config;
  store: Store;
  /** the connected Slack client, read at each attempt (undefined until the Slack part has connected) */
  client: () => WebClient | undefined;
  /** per-call timeout; default 10 s */
  timeoutMs?: number;
}

export function createSlackNotifier(deps: SlackNotifierDeps): Notifier {
  const channel = deps.config.alerts.channel ?? '';
  let cached: { from: WebClient; own: WebClient } | undefined;
  const client = (): WebClient | undefined => {
    const shared = deps.client();
    if (!shared) return undefined;
    if (cached?.from !== shared) {
      const own = new WebClient(shared.token, {
        slackApiUrl: shared.slackApiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: deps.timeoutMs ?? 10_000,
        logLevel: LogLevel.ERROR,
        fetch: redactingFetch(),
      });
      cached = { from: shared, own };
    }
    return cached.own;
  };

  const contentOf = (row: OutboxRow, alert: AlertRow): SlackMessage => {
    switch (row.kind) {
      case 'render':
        return alertMessage(alert, deps.config);
      case 'note':
        return noteMessage(deps.config, row.text_key ?? '', row.params);
      case 'renotify':
        return renotifyMessage(deps.config, String(row.params.duration ?? ''));
      case 'snapshot':
        return snapshotMessage(deps.config, asSnapshot(row.params));
      default:
        return assertNever(row.kind, 'outbox kind');
    }
  };
  const metadata = (row: OutboxRow, alert: AlertRow) => ({ event_type: METADATA_EVENT, event_payload: { alert_id: alert.id, outbox_id: row.id } });

  return {
    name: 'slack',
    ready: () => client() !== undefined,
    async deliver(row, alert): Promise<DeliveryResult> {
      const web = client();
      if (!web) return { ok: false, error: 'slack not connected' };
      try {
        if (row.kind === 'render' && alert.slack_ts !== null) {
          // Each render shows the current row: a later render still waiting would show exactly the same.
          if (deps.store.outbox.laterRenderPending(row)) return { ok: true };
          const m = alertMessage(alert, deps.config);
          await web.chat.update({ channel: alert.slack_channel ?? channel, ts: alert.slack_ts, text: m.text, blocks: m.blocks });
          return { ok: true };
        }
        if (row.kind !== 'render' && alert.slack_ts === null) return { ok: false, error: 'the alert message was never posted', permanent: true };
        const m = contentOf(row, alert);
        const thread = row.kind === 'render' ? {} : { thread_ts: alert.slack_ts! };
        const r = await web.chat.postMessage({
          channel: alert.slack_channel ?? channel,
          text: m.text,
          blocks: m.blocks,
          metadata: metadata(row, alert),
          ...thread,
        });
        if (row.kind === 'render' && r.ts) deps.store.alerts.setMessage(alert.id, r.channel ?? channel, r.ts);
        return { ok: true, ...(r.ts ? { ts: r.ts } : {}) };
      } catch (e) {
        return classifySlackError(e);
      }
    },
    async recover(row, alert): Promise<Recovery> {
      const web = client();
      if (!web) return 'unknown';
      // An edit shows the current state whatever happened: sending it again is harmless.
      if (row.kind === 'render' && alert.slack_ts !== null) return { delivered: false };
      try {
        const found = await findPosted(web, { channel: alert.slack_channel ?? channel, alert, row, eventType: METADATA_EVENT });
        if (!found) return { delivered: false };
        if (row.kind === 'render') deps.store.alerts.setMessage(alert.id, alert.slack_channel ?? channel, found);
        return { delivered: true, ts: found };
      } catch (e) {
        const c = classifySlackError(e);
        return c.permanent ? { delivered: false } : 'unknown';
      }
    },
  };
}
