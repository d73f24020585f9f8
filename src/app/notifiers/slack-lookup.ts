/**
 * Finds a message the bot already posted, for the duplicate-post window (a bot killed after Slack accepted a post
 * but before the ts was recorded). Shared by the alert and incident notifiers: each tags its posts with metadata
 * naming its own records, and looks them up here (conversations.history for a channel message, conversations.replies
 * for a thread line) before sending a record found in flight again.
 */
import type { WebClient } from '@slack/web-api';

export interface PostedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  files?: { name?: string }[];
}

/** A message whose metadata has this event type and every one of these payload fields. */
export const taggedWith =
  (eventType: string, payload: Record<string, unknown>) =>
  (m: PostedMessage): boolean =>
    m.metadata?.event_type === eventType && Object.entries(payload).every(([k, v]) => m.metadata?.event_payload?.[k] === v);

/** Slack ts are epoch seconds; look from a minute before the record was written (ms). */
export const oldestFor = (createdAtMs: number): string => String(Math.floor(createdAtMs / 1000) - 60);

// A few pages are plenty for the messages posted since a record was written; a busier channel is not looked through.
const MAX_PAGES = 5;

/** The ts of the first message matching `matches` in the channel (or in the thread of `threadTs`), if Slack has it. */
export async function findMessage(
  web: WebClient,
  q: { channel: string; threadTs?: string | null; oldest: string; matches: (m: PostedMessage) => boolean },
): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const base = { channel: q.channel, oldest: q.oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
    const r = q.threadTs ? await web.conversations.replies({ ...base, ts: q.threadTs }) : await web.conversations.history(base);
    const found = (r.messages as PostedMessage[] | undefined)?.find(q.matches)?.ts;
    if (found) return found;
    cursor = r.has_more ? r.response_metadata?.next_cursor : undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}
