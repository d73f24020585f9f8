// response_url: each command or click gets its own URL that works 5 times within 30 minutes. What is posted
// there lands where Slack puts it: a channel message, an ephemeral, or a change to the source message.
import { randomUUID } from 'node:crypto';
import { checkBlockKitLimits } from './blockkit.js';
import type { SlackStore } from './store.js';
import type { Json } from './types.js';

const MAX_USES = 5;
const LIFETIME_MS = 30 * 60 * 1000;

export interface Posted {
  kind: 'message' | 'ephemeral';
  channel: string;
  ts: string;
}

export interface ResponseUrlEntry {
  id: string;
  channel: string;
  user: string;
  /** The message whose button was clicked (absent for slash commands). */
  source?: Posted;
  /** The last message this URL (or the command's ack) produced: what `replace_original` edits for a command. */
  lastPosted?: Posted;
  uses: number;
  createdAt: number;
}

export interface ResponseRecord {
  id: string;
  body: Json;
  at: number;
  status: number;
  result: string;
}

export interface Bot {
  userId: string;
  botId: string;
}

const asArray = (x: unknown): unknown[] | undefined => (Array.isArray(x) ? x : undefined);
const asString = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** Posts `body` as a slash-command reply would appear: in the channel, or only to `user`. */
export function deliver(store: SlackStore, bot: Bot, channel: string, user: string, body: Json, via: string): Posted {
  const content = { text: asString(body.text), blocks: asArray(body.blocks), attachments: asArray(body.attachments) };
  const thread_ts = asString(body.thread_ts);
  if (body.response_type === 'in_channel') {
    const m = store.post({ channel, thread_ts, user: bot.userId, bot_id: bot.botId, ...content, via });
    return { kind: 'message', channel, ts: m.ts };
  }
  const e = store.postEphemeral({ channel, user, thread_ts, ...content, via });
  return { kind: 'ephemeral', channel, ts: e.ts };
}

export class ResponseUrls {
  private readonly entries = new Map<string, ResponseUrlEntry>();
  readonly records: ResponseRecord[] = [];

  constructor(private readonly store: SlackStore, private readonly bot: Bot, private readonly baseUrl: () => string) {}

  create(channel: string, user: string, source?: Posted): { url: string; entry: ResponseUrlEntry } {
    const entry: ResponseUrlEntry = { id: randomUUID(), channel, user, source, uses: 0, createdAt: Date.now() };
    this.entries.set(entry.id, entry);
    return { url: `${this.baseUrl()}response/${entry.id}`, entry };
  }

  /** Applies one POST; returns the HTTP status and body text Slack would answer with. */
  apply(id: string, body: Json): { status: number; text: string } {
    const entry = this.entries.get(id);
    const answer = (status: number, text: string): { status: number; text: string } => {
      this.records.push({ id, body, at: Date.now(), status, result: text });
      this.store.changed();
      return { status, text };
    };
    if (entry === undefined) return answer(404, 'no_such_url');
    if (Date.now() - entry.createdAt > LIFETIME_MS) return answer(404, 'expired_url');
    if (entry.uses >= MAX_USES) return answer(404, 'used_url');
    if (typeof body.text === 'string' && body.text.length > 40000) return answer(400, 'msg_too_long');
    if (checkBlockKitLimits(body).length > 0) return answer(400, 'invalid_blocks');
    entry.uses += 1;
    const target = entry.source ?? entry.lastPosted;
    if (body.delete_original === true || body.replace_original === true) {
      const found = target === undefined ? undefined
        : target.kind === 'message' ? this.store.find(target.channel, target.ts) : this.store.findEphemeral(target.ts);
      if (found === undefined) return answer(404, 'message_not_found');
      if (body.delete_original === true) this.store.remove(found);
      else this.store.edit(found, { text: asString(body.text), blocks: asArray(body.blocks), attachments: asArray(body.attachments) }, true);
      return answer(200, 'ok');
    }
    entry.lastPosted = deliver(this.store, this.bot, entry.channel, entry.user, body, 'response_url');
    return answer(200, 'ok');
  }

  /** Lets `replace_original` on a command's response_url edit the ack's message, as in Slack. */
  setLastPosted(id: string, posted: Posted): void {
    const entry = this.entries.get(id);
    if (entry !== undefined) entry.lastPosted = posted;
  }
}
