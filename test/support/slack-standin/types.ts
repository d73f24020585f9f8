// Shapes shared by the Slack stand-in's parts. Loose `Json` records on purpose: the stand-in must accept
// whatever the bot sends (like Slack does) and judge it, not refuse it at the type level.

export type Json = Record<string, unknown>;

export interface StandinOptions {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  teamId?: string;
  teamDomain?: string;
  appId?: string;
  botUserId?: string;
  /** The bot user's name as auth.test reports it (`user`); default "teachops". */
  botName?: string;
  botId?: string;
  /** Channels that exist but the bot was never invited to: posts there answer `not_in_channel`. */
  notMember?: string[];
  /** Channel id -> name. When given, other channel ids answer `channel_not_found`. */
  channels?: Record<string, string>;
  /** User id -> profile; unknown users get a name derived from their id. */
  users?: Record<string, { name: string; realName?: string; tz?: string; locale?: string }>;
  /** Reject views.open/push with unknown or expired (> 3 s) trigger ids, like Slack. Default true. */
  checkTriggers?: boolean;
  /** Ack deadline for envelopes in ms (Slack's is 3000). */
  ackTimeoutMs?: number;
}

export interface Version {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  at: number;
}

/** A message as a Slack user would see it in a channel or thread (latest version) plus its history. */
export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  /** A thread reply posted with `reply_broadcast: true`: shown in the thread and in the channel. */
  broadcast?: boolean;
  user: string;
  bot_id?: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  files?: StoredFile[];
  /** chat.postMessage `metadata` ({ event_type, event_payload }), returned with include_all_metadata */
  metadata?: unknown;
  reactions: string[];
  /** Earlier versions, oldest first (each chat.update / replace_original pushes the one it replaced). */
  edits: Version[];
  /** Thread replies (filled in by `messages()` / `thread()`), oldest first. */
  replies: StoredMessage[];
  deleted: boolean;
  /** How it got here: a Web API method, a response_url POST, or a slash-command ack. */
  via: string;
  postedAt: number;
}

/** An ephemeral message: only `user` sees it; it is not part of the channel history. */
export interface StoredEphemeral {
  channel: string;
  user: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  edits: Version[];
  deleted: boolean;
  via: string;
  postedAt: number;
}

export interface StoredView {
  id: string;
  user?: string;
  view: Json;
  /** Older states of this view (views.update / response_action update). */
  history: Json[];
  rootViewId: string;
  previousViewId?: string;
  closed: boolean;
  openedVia: string;
}

export interface StoredFile {
  id: string;
  name: string;
  title?: string;
  length: number;
  content?: Buffer;
  completed: boolean;
  channel?: string;
}

export interface ApiCall {
  method: string;
  args: Json;
  token?: string;
  at: number;
  /** HTTP status the stand-in answered with. */
  status: number;
  ok: boolean;
  error?: string;
  injected?: boolean;
}

export interface Warning {
  kind: 'no_text';
  method: string;
  channel: string;
  ts?: string;
}

export interface Rejection {
  method: string;
  error: string;
  problems: string[];
  at: number;
}

export type FailSpec =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string }
  /** Slack applies the call, then the connection drops before the answer (the client sees a network error). */
  | { dropAfterApply: true }
  /** Slack applies the call but answers only after `delayMs` (longer than the client's timeout). */
  | { answerAfterMs: number };

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface AckResult {
  envelope_id: string;
  payload: Json;
  /** Milliseconds from sending the envelope (or request) to the ack. */
  ms: number;
}

export interface HttpTarget {
  httpUrl: string;
  secret?: string;
}

export type Via = 'socket' | HttpTarget;
