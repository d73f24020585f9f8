/**
 * The duplicate-post window: a bot killed after Slack accepted a post but before the ts was recorded. Every post
 * carries metadata naming its alert and outbox record, so at start-up a record found in flight is looked up
 * (conversations.history for the alert message, conversations.replies for a thread line) before it is sent again.
 */
import type { WebClient } from '@slack/web-api';
import type { AlertRow } from '../store/alerts.js';
import type { OutboxRow } from '../store/outbox.js';
import { findMessage, oldestFor, taggedWith } from './slack-lookup.js';

/** The ts of the message this row already posted, if Slack has it. */
export async function findPosted(web: WebClient, q: { channel: string; alert: AlertRow; row: OutboxRow; eventType: string }): Promise<string | undefined> {
  const threadTs = q.row.kind === 'render' ? null : q.alert.slack_ts;
  return findMessage(web, { channel: q.channel, threadTs, oldest: oldestFor(q.row.created_at), matches: taggedWith(q.eventType, { alert_id: q.alert.id, outbox_id: q.row.id }) });
}
