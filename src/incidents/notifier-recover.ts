/**
 * The incident side of the duplicate-post window: a bot killed after Slack accepted a post but before it recorded
 * that. Every incident post carries metadata naming its incident and outbox item, so an item found in flight at
 * start-up is looked up in Slack (the shared lookup in notify/slack-lookup.ts) before it is sent again. A postmortem
 * upload cannot carry metadata; it is recognised by its file name in the incident thread.
 */
import { basename } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { assertNever } from '../errors.js';
import { findMessage, oldestFor, taggedWith, type PostedMessage } from '../notify/slack-lookup.js';
import type { Recovery } from '../notify/types.js';
import type { OutboxItem } from '../store/incident-outbox.js';
import type { FilePayload, PostPayload } from './outbox.js';
import type { Incident } from './types.js';

export const INCIDENT_METADATA_EVENT = 'teachops_incident';

/** What every incident post carries, so it can be found again. */
export const incidentMetadata = (item: OutboxItem) => ({ event_type: INCIDENT_METADATA_EVENT, event_payload: { incident_id: item.incident_id, outbox_id: item.id } });

/** The file name a postmortem is uploaded under. */
export const uploadName = (p: FilePayload): string => `incident-${basename(p.file)}`;

/** Where the item posted (if it did), and how to recognise its message. undefined: nothing to look for. */
function target(item: OutboxItem, inc: Incident, channel: string): { channel: string; threadTs: string | null; matches: (m: PostedMessage) => boolean } | undefined {
  const tagged = taggedWith(INCIDENT_METADATA_EVENT, { incident_id: item.incident_id, outbox_id: item.id });
  switch (item.kind) {
    // Once the message is recorded, this item is an edit showing the current state: sending it again is harmless.
    case 'message':
      return inc.message_ts === null ? { channel, threadTs: null, matches: tagged } : undefined;
    // Without the incident message there is no thread, so nothing can have been posted in it.
    case 'thread':
      return inc.message_ts === null ? undefined : { channel, threadTs: inc.message_ts, matches: tagged };
    case 'post':
      return { channel: (item.payload as PostPayload).channel ?? channel, threadTs: null, matches: tagged };
    case 'file': {
      const name = uploadName(item.payload as FilePayload);
      return inc.message_ts === null ? undefined : { channel, threadTs: inc.message_ts, matches: (m) => m.files?.some((f) => f.name === name) ?? false };
    }
    default:
      return assertNever(item.kind, 'outbox kind');
  }
}

/** Did this item reach Slack? Throws what the Slack client threw (the caller classifies it). */
export async function findDelivered(web: WebClient, item: OutboxItem, inc: Incident, channel: string): Promise<Exclude<Recovery, 'unknown'>> {
  const t = target(item, inc, channel);
  if (!t) return { delivered: false };
  const ts = await findMessage(web, { ...t, oldest: oldestFor(item.created_at) });
  return ts ? { delivered: true, ts } : { delivered: false };
}
