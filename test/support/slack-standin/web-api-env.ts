// What every Web API method handler gets, and the helpers they share (errors, message validation, JSON shapes).
import { checkBlockKitLimits } from './blockkit.js';
import type { SocketHub } from './socket.js';
import type { SlackStore } from './store.js';
import type { Json, Rejection, StoredMessage, Warning } from './types.js';

export interface Settings {
  botToken: string;
  appToken: string;
  signingSecret: string;
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
  botName: string;
  channels?: Record<string, string>;
  notMember: readonly string[];
  users?: Record<string, { name: string; realName?: string; tz?: string; locale?: string }>;
  checkTriggers: boolean;
  ackTimeoutMs: number;
}

export interface Triggers {
  /** 'ok' or the Slack error for this trigger id; `user` is who triggered it. */
  check(id: unknown): { error?: string; user?: string };
}

export interface ApiEnv {
  settings: Settings;
  store: SlackStore;
  hub: SocketHub;
  triggers: Triggers;
  warnings: Warning[];
  rejections: Rejection[];
  /** `http://127.0.0.1:PORT/` */
  baseUrl(): string;
}

export interface Call {
  method: string;
  args: Json;
  env: ApiEnv;
}

export type Handler = (call: Call) => Json | Promise<Json>;

export interface MethodSpec {
  token: 'bot' | 'app';
  handle: Handler;
}

export function fail(error: string, messages?: string[]): Json {
  return messages === undefined ? { ok: false, error } : { ok: false, error, response_metadata: { messages } };
}

export function channelName(s: Settings, id: string): string | undefined {
  if (s.channels !== undefined) return s.channels[id];
  return id === '' ? undefined : `chan-${id.toLowerCase()}`;
}

export interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/** Slack's checks on a message body; returns the content, or the error response to send instead. */
export function validateContent(call: Call, requireSome: boolean): MessageContent | Json {
  const { args, env, method } = call;
  const reject = (error: string, problems: string[]): Json => {
    env.rejections.push({ method, error, problems, at: Date.now() });
    return fail(error, problems.map((p) => `[ERROR] ${p}`));
  };
  if (args.blocks !== undefined && !Array.isArray(args.blocks)) return reject('invalid_blocks_format', ['blocks: expected a JSON array']);
  if (args.attachments !== undefined && !Array.isArray(args.attachments)) return reject('invalid_attachments', ['attachments: expected a JSON array']);
  const text = typeof args.text === 'string' || typeof args.text === 'number' ? String(args.text) : undefined;
  const content: MessageContent = { text, blocks: args.blocks as unknown[] | undefined, attachments: args.attachments as unknown[] | undefined };
  if (requireSome && (text ?? '') === '' && (content.blocks ?? []).length === 0 && (content.attachments ?? []).length === 0) {
    return reject('no_text', ['a message needs text, blocks or attachments']);
  }
  if (text !== undefined && text.length > 40000) return reject('msg_too_long', [`text: ${text.length} chars, max 40000`]);
  const problems = checkBlockKitLimits(content);
  if (problems.length > 0) return reject('invalid_blocks', problems);
  return content;
}

export function isError(x: MessageContent | Json): x is Json {
  return 'ok' in x;
}

/** A stored message in the shape the Web API returns it. */
export function messageJson(m: StoredMessage, s: Settings): Json {
  const out: Json = { type: 'message', user: m.user, bot_id: m.bot_id, app_id: s.appId, team: s.teamId, ts: m.ts, text: m.text ?? '' };
  if (m.blocks !== undefined) out.blocks = m.blocks;
  if (m.attachments !== undefined) out.attachments = m.attachments;
  if (m.thread_ts !== undefined) out.thread_ts = m.thread_ts;
  if (m.broadcast === true) out.subtype = 'thread_broadcast';
  if (m.files !== undefined) out.files = m.files.map((f) => ({ id: f.id, name: f.name, title: f.title, size: f.length }));
  if (m.edits.length > 0) out.edited = { user: m.user, ts: m.ts };
  if (m.reactions.length > 0) out.reactions = m.reactions.map((name) => ({ name, count: 1, users: [m.user] }));
  return out;
}
