/**
 * Where an incident row would be in Slack if it arrived, for the "maybe sent" lookup: every incident post carries
 * metadata naming its outbox row (slack-post.ts); a postmortem upload cannot carry metadata, so it is recognised
 * by its file name in the incident thread.
 */
import { basename } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { assertNever } from '../../errors.js';
import type { FilePayload, IncidentEvent, PostPayload } from '../../incidents/outbox.js';
import type { Incident } from '../../incidents/types.js';
import type { OutboxRow, Reconciliation } from '../../notify/types.js';
import { findMessage, oldestFor, type PostedMessage } from './slack-lookup.js';
import { metadataEvent } from './slack-post.js';
import { taggedWith } from './slack-lookup.js';

/** The file name a postmortem is uploaded under. */
export const uploadName = (p: FilePayload): string => `incident-${basename(p.file)}`;

/** Where the row posted (if it did), and how to recognise its message. undefined: nothing to look for. */
function target(row: OutboxRow, inc: Incident, channel: string): { channel: string; threadTs: string | null; matches: (m: PostedMessage) => boolean } | undefined {
  const tagged = taggedWith(metadataEvent(row), { subject: row.subject, outbox_id: row.id });
  const kind = row.kind as IncidentEvent['kind'];
  switch (kind) {
    // Once the message is recorded, this row is an edit showing the current state: sending it again is harmless.
    case 'incident.message':
      return inc.message_ts === null ? { channel, threadTs: null, matches: tagged } : undefined;
    // Without the incident message there is no thread, so nothing can have been posted in it.
    case 'incident.thread':
      return inc.message_ts === null ? undefined : { channel, threadTs: inc.message_ts, matches: tagged };
    case 'incident.post':
      return { channel: (row.params as unknown as PostPayload).channel ?? channel, threadTs: null, matches: tagged };
    case 'incident.file': {
      const name = uploadName(row.params as unknown as FilePayload);
      return inc.message_ts === null ? undefined : { channel, threadTs: inc.message_ts, matches: (m) => m.files?.some((f) => f.name === name) ?? false };
    }
    default:
      return assertNever(kind, 'incident row kind');
  }
}

/** Did this row reach Slack? Throws what the Slack client threw (the caller classifies it). */
export async function findDelivered(web: WebClient, row: OutboxRow, inc: Incident, channel: string): Promise<Exclude<Reconciliation, 'unknown'>> {
  const t = target(row, inc, channel);
  if (!t) return { arrived: false };
  const ts = await findMessage(web, { ...t, oldest: oldestFor(row.created_at) });
  return ts ? { arrived: true, ref: { channel: t.channel, ts } } : { arrived: false };
}
