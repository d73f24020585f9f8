// What the workspace looks like: channel messages with their edit history and threads, ephemerals per user,
// views and files. Every change emits 'change' so waiters re-check at once instead of polling.
import { EventEmitter } from 'node:events';
import type { StoredEphemeral, StoredFile, StoredMessage, StoredView, Version } from './types.js';

export interface Content {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

export class SlackStore extends EventEmitter {
  private lastTsMicros = 0;
  private readonly channelMessages = new Map<string, StoredMessage[]>();
  readonly ephemeralList: StoredEphemeral[] = [];
  readonly views = new Map<string, StoredView>();
  readonly files = new Map<string, StoredFile>();

  /** Slack-style ts ("1764270000.000100"): time-based and strictly increasing across the workspace. */
  nextTs(): string {
    this.lastTsMicros = Math.max(Date.now() * 1000, this.lastTsMicros + 100);
    const sec = Math.floor(this.lastTsMicros / 1e6);
    return `${sec}.${String(this.lastTsMicros % 1e6).padStart(6, '0')}`;
  }

  changed(): void {
    this.emit('change');
  }

  post(m: Omit<StoredMessage, 'ts' | 'edits' | 'replies' | 'deleted' | 'reactions' | 'postedAt'>): StoredMessage {
    const msg: StoredMessage = { ...m, ts: this.nextTs(), edits: [], replies: [], reactions: [], deleted: false, postedAt: Date.now() };
    const list = this.channelMessages.get(m.channel) ?? [];
    list.push(msg);
    this.channelMessages.set(m.channel, list);
    this.changed();
    return msg;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.channelMessages.get(channel)?.find((m) => m.ts === ts && !m.deleted);
  }

  /** chat.update semantics when `replaceAll` is false: omitted fields keep their value, `[]` clears. */
  edit(target: StoredMessage | StoredEphemeral, c: Content, replaceAll: boolean): void {
    const before: Version = { text: target.text, blocks: target.blocks, attachments: target.attachments, at: Date.now() };
    target.edits.push(before);
    for (const key of ['text', 'blocks', 'attachments'] as const) {
      const value = c[key];
      if (replaceAll || value !== undefined) {
        const empty = Array.isArray(value) && value.length === 0;
        (target as Content)[key] = (empty ? undefined : value) as never;
      }
    }
    this.changed();
  }

  remove(target: StoredMessage | StoredEphemeral): void {
    target.deleted = true;
    this.changed();
  }

  postEphemeral(e: Omit<StoredEphemeral, 'ts' | 'edits' | 'deleted' | 'postedAt'>): StoredEphemeral {
    const eph: StoredEphemeral = { ...e, ts: this.nextTs(), edits: [], deleted: false, postedAt: Date.now() };
    this.ephemeralList.push(eph);
    this.changed();
    return eph;
  }

  findEphemeral(ts: string, channel?: string): StoredEphemeral | undefined {
    return this.ephemeralList.find((e) => e.ts === ts && !e.deleted && (channel === undefined || e.channel === channel));
  }

  /** Top-level messages (not deleted), oldest first, each a copy with its thread replies attached. */
  messages(channel: string): StoredMessage[] {
    const all = (this.channelMessages.get(channel) ?? []).filter((m) => !m.deleted);
    const isTop = (m: StoredMessage): boolean => m.thread_ts === undefined || m.thread_ts === m.ts;
    // Replies grouped in one pass: tests probe this on every change, and a channel can hold a thousand alerts.
    const replies = new Map<string, StoredMessage[]>();
    for (const r of all) {
      if (isTop(r)) continue;
      const list = replies.get(r.thread_ts!) ?? [];
      list.push(r);
      replies.set(r.thread_ts!, list);
    }
    return all.filter(isTop).map((m) => ({ ...m, replies: replies.get(m.ts) ?? [] }));
  }

  /** What a person scrolling the channel sees: top-level messages and thread replies broadcast to it, oldest first. */
  channelView(channel: string): StoredMessage[] {
    return (this.channelMessages.get(channel) ?? []).filter((m) => !m.deleted && (m.thread_ts === undefined || m.thread_ts === m.ts || m.broadcast === true));
  }

  thread(channel: string, ts: string): StoredMessage[] {
    return (this.channelMessages.get(channel) ?? []).filter((m) => !m.deleted && m.thread_ts === ts && m.ts !== ts);
  }

  /** Every live message in a channel, replies included, oldest first. */
  allMessages(channel: string): StoredMessage[] {
    return (this.channelMessages.get(channel) ?? []).filter((m) => !m.deleted);
  }

  channels(): string[] {
    return [...this.channelMessages.keys()];
  }

  ephemerals(user?: string): StoredEphemeral[] {
    return this.ephemeralList.filter((e) => !e.deleted && (user === undefined || e.user === user));
  }
}
