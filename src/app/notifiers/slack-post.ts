/**
 * Posting the way every Slack notifier does: each post carries metadata naming its outbox row, so a post whose
 * answer was lost (or whose process died) is found again by `findPosted` instead of being sent twice; a named
 * line edits its earlier message, and a message someone deleted is posted again.
 */
import type { WebClient } from '@slack/web-api';
import type { MessageRef, OutboxRow } from '../../notify/types.js';
import type { SlackMessage } from '../../slack/views/blocks.js';
import { section } from '../../slack/views/blocks.js';
import { mentions } from '../../slack/views/mentions.js';
import { platformCode } from './slack-errors.js';
import { findMessage, oldestFor, taggedWith } from './slack-lookup.js';

/** The metadata event type of an alert post (`teachops_incident`, `teachops_notice` for the others). */
export const METADATA_EVENT = 'teachops_alert';

/** Posts say what they are about, so tools (and the tests) can tell an alert post from an incident line. */
export const metadataEvent = (row: OutboxRow): string => `teachops_${row.kind.split('.')[0]}`;

export interface Where {
  channel: string;
  thread_ts?: string;
  /** a thread reply also shown in the channel */
  broadcast?: boolean;
}

export function metadataOf(row: OutboxRow, extra: Record<string, string | number> = {}) {
  return { event_type: metadataEvent(row), event_payload: { subject: row.subject, outbox_id: row.id, ...extra } };
}

export async function postTagged(web: WebClient, row: OutboxRow, where: Where, m: SlackMessage, extra: Record<string, string | number> = {}): Promise<MessageRef> {
  const base = { channel: where.channel, text: m.text, blocks: m.blocks, metadata: metadataOf(row, extra) };
  const r = await web.chat.postMessage(where.thread_ts ? { ...base, thread_ts: where.thread_ts, reply_broadcast: where.broadcast === true } : base);
  return { channel: r.channel ?? where.channel, ts: r.ts ?? '' };
}

/** Edits `earlier` (a named line's message) in place, or posts when there is none or it was deleted. */
export async function editOrPost(web: WebClient, row: OutboxRow, where: Where, m: SlackMessage, earlier: MessageRef | undefined, extra: Record<string, string | number> = {}): Promise<MessageRef> {
  if (earlier) {
    try {
      await web.chat.update({ channel: earlier.channel, ts: earlier.ts, text: m.text, blocks: m.blocks });
      return earlier;
    } catch (e) {
      if (platformCode(e) !== 'message_not_found') throw e;
    }
  }
  return postTagged(web, row, where, m, extra);
}

/** The ts of the message this row already posted, if Slack has it (in the channel, or in the thread of `threadTs`). */
export function findPosted(web: WebClient, row: OutboxRow, q: { channel: string; threadTs: string | null }): Promise<string | undefined> {
  return findMessage(web, { channel: q.channel, threadTs: q.threadTs, oldest: oldestFor(row.created_at), matches: taggedWith(metadataEvent(row), { subject: row.subject, outbox_id: row.id }) });
}

/** Who must hear it, in front of the text (notification text and first block), as real mentions. */
export function withMentions(m: SlackMessage, who: readonly string[]): SlackMessage {
  if (who.length === 0) return m;
  const line = mentions(who);
  return { ...m, text: `${line} ${m.text}`, blocks: [section(line), ...m.blocks].slice(0, 50) };
}
