/**
 * The duplicate-post window: a bot killed after Slack accepted a post but before the ts was recorded. Every post
 * carries metadata naming its alert and outbox record, so at start-up a record found in flight is looked up
 * (conversations.history for the alert message, conversations.replies for a thread line) before it is sent again.
 */
import type { WebClient } from '@slack/web-api';
import type { AlertRow } from '../store/alerts.js';
import type { OutboxRow } from '../store/outbox.js';

interface Posted {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The ts of the message this row already posted, if Slack has it. */
export async function findPosted(web: WebClient, q: { channel: string; alert: AlertRow; row: OutboxRow; eventType: string }): Promise<string | undefined> {
  const mine = (m: Posted) => m.metadata?.event_type === q.eventType && m.metadata.event_payload?.outbox_id === q.row.id && m.metadata.event_payload.alert_id === q.alert.id;
  // Slack ts are epoch seconds; look from a minute before the record was written.
  const oldest = String(Math.floor(q.row.created_at / 1000) - 60);
  if (q.row.kind === 'render' || q.alert.slack_ts === null) {
    const r = await web.conversations.history({ channel: q.channel, oldest, include_all_metadata: true, limit: 200 });
    return (r.messages as Posted[] | undefined)?.find(mine)?.ts;
  }
  const r = await web.conversations.replies({ channel: q.channel, ts: q.alert.slack_ts, oldest, include_all_metadata: true, limit: 200 });
  return (r.messages as Posted[] | undefined)?.find(mine)?.ts;
}
