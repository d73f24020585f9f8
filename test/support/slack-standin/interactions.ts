// What a Slack user does: run a slash command, click a button, submit a modal. Each builds the real payload,
// sends it over Socket Mode or signed HTTP, and applies the ack the way Slack shows it.
import { checkBlockKitLimits } from './blockkit.js';
import { dumpChannel } from './dump.js';
import { blockActionsPayload, findElement, slashPayload, stateValues, viewSubmissionPayload, type Actor, type ElementMatcher } from './payloads.js';
import { deliver, type Posted, type ResponseUrls } from './response-url.js';
import { postSignedRequest } from './signing.js';
import type { SocketHub } from './socket.js';
import type { SlackStore } from './store.js';
import type { Json, Rejection, StoredView, Via } from './types.js';
import { channelName, messageJson, type Settings } from './web-api-env.js';
import { addView, replaceView, viewJson, type TriggerIds } from './web-api-views.js';

export interface Ack {
  payload: Json;
  ms: number;
  /** HTTP mode only: the receiver's status code (200 unless the request was refused). */
  status?: number;
}

export interface Sent {
  ack: Ack;
  /** The payload Slack sent. */
  payload: Json;
  responseUrl: string;
  triggerId: string;
}

export interface Ctx {
  settings: Settings;
  store: SlackStore;
  hub: SocketHub;
  responses: ResponseUrls;
  triggers: TriggerIds;
  rejections: Rejection[];
}

export function actor(s: Settings, user: string): Actor {
  return { id: user, name: s.users?.[user]?.name ?? user.toLowerCase() };
}

async function send(ctx: Ctx, kind: 'slash_commands' | 'interactive', payload: Json, via: Via = 'socket'): Promise<Ack> {
  if (via === 'socket') {
    const { payload: p, ms } = await ctx.hub.sendEnvelope(kind, payload);
    return { payload: p, ms };
  }
  const res = await postSignedRequest(via.httpUrl, { kind: kind === 'slash_commands' ? 'command' : 'interactive', payload }, via.secret ?? ctx.settings.signingSecret);
  const body = res.body;
  // An HTTP ack is the response body: JSON, a bare string (shown as text), or empty.
  const p: Json = typeof body === 'object' && body !== null ? (body as Json) : typeof body === 'string' && body !== '' ? { text: body } : {};
  return { payload: p, ms: res.ms, status: res.status };
}

const hasContent = (p: Json): boolean => p.text !== undefined || p.blocks !== undefined || p.attachments !== undefined;

export interface SlashOptions {
  user: string;
  channel: string;
  command?: string;
  via?: Via;
}

export async function slash(ctx: Ctx, text: string, o: SlashOptions): Promise<Sent & { posted?: Posted }> {
  const { settings: s } = ctx;
  const user = actor(s, o.user);
  const { url, entry } = ctx.responses.create(o.channel, o.user);
  const triggerId = ctx.triggers.issue(o.user);
  const payload = slashPayload(s, {
    text, command: o.command ?? '/teach', user, channel: o.channel, channelName: channelName(s, o.channel) ?? o.channel,
    responseUrl: url, triggerId,
  });
  const ack = await send(ctx, 'slash_commands', payload, o.via);
  if (!hasContent(ack.payload) || (ack.status ?? 200) !== 200) return { ack, payload, responseUrl: url, triggerId };
  const problems = checkBlockKitLimits(ack.payload);
  if (problems.length > 0) {
    // Slack shows the user an error instead of the reply; the test sees it in rejections().
    ctx.rejections.push({ method: 'slash_ack', error: 'invalid_blocks', problems, at: Date.now() });
    return { ack, payload, responseUrl: url, triggerId };
  }
  const posted = deliver(ctx.store, { userId: s.botUserId, botId: s.botId }, o.channel, o.user, ack.payload, 'ack');
  ctx.responses.setLastPosted(entry.id, posted);
  return { ack, payload, responseUrl: url, triggerId, posted };
}

export interface ClickOptions {
  user: string;
  via?: Via;
  /** state.values to send (input elements in the message); default none. */
  values?: Json;
  /** For a button with a confirm dialog: false = the user pressed "deny", so nothing is sent. Default true. */
  confirm?: boolean;
  /** For a static_select or overflow: the option picked, by its value or its text. */
  option?: string;
}

export async function click(ctx: Ctx, channel: string, ts: string, match: ElementMatcher, o: ClickOptions): Promise<Sent | undefined> {
  const { settings: s, store } = ctx;
  const msg = store.find(channel, ts);
  const eph = msg === undefined ? store.findEphemeral(ts, channel) : undefined;
  const blocks = msg?.blocks ?? eph?.blocks;
  if (msg === undefined && eph === undefined) throw new Error(`click: no message ${ts} in ${channel}\n${dumpChannel(store, channel)}`);
  if (eph !== undefined && eph.user !== o.user) throw new Error(`click: ephemeral ${ts} is only visible to ${eph.user}, not ${o.user}`);
  const found = findElement(blocks, match);
  if (found === undefined) {
    throw new Error(`click: no element ${typeof match === 'string' ? `"${match}"` : 'matching the predicate'} in ${ts}\n${dumpChannel(store, channel)}`);
  }
  if (found.element.confirm !== undefined && o.confirm === false) return undefined;
  const source: Posted = { kind: msg !== undefined ? 'message' : 'ephemeral', channel, ts };
  const { url } = ctx.responses.create(channel, o.user, source);
  const triggerId = ctx.triggers.issue(o.user);
  const payload = blockActionsPayload(s, {
    user: actor(s, o.user), channel, channelName: channelName(s, channel) ?? channel, messageTs: ts,
    isEphemeral: eph !== undefined, message: msg !== undefined ? messageJson(msg, s) : undefined,
    found, responseUrl: url, triggerId, values: o.values, option: o.option,
  });
  // Slack ignores the body of a block_actions ack.
  const ack = await send(ctx, 'interactive', payload, o.via);
  return { ack, payload, responseUrl: url, triggerId };
}

export interface SubmitOptions {
  user: string;
  via?: Via;
}

/** Applies a view_submission ack's response_action like Slack: errors keep the modal open, none closes it. */
function applyResponseAction(ctx: Ctx, v: StoredView, ack: Json, user: string): void {
  const view = typeof ack.view === 'object' && ack.view !== null ? (ack.view as Json) : undefined;
  switch (ack.response_action) {
    case 'errors':
      return;
    case 'update':
      if (view !== undefined && checkBlockKitLimits(view).length === 0) replaceView(ctx.store, v, view);
      return;
    case 'push':
      if (view !== undefined && checkBlockKitLimits(view).length === 0) addView(ctx.store, view, user, 'response_action', v);
      return;
    case 'clear':
      for (const other of ctx.store.views.values()) if (other.rootViewId === v.rootViewId) other.closed = true;
      ctx.store.changed();
      return;
    default:
      v.closed = true;
      ctx.store.changed();
  }
}

export async function submitView(
  ctx: Ctx,
  viewId: string,
  values: Record<string, Record<string, unknown>>,
  o: SubmitOptions,
): Promise<Sent & { view: StoredView }> {
  const v = ctx.store.views.get(viewId);
  if (v === undefined || v.closed) throw new Error(`submitView: view ${viewId} is ${v === undefined ? 'unknown' : 'closed'}`);
  const triggerId = ctx.triggers.issue(o.user);
  const payload = viewSubmissionPayload(ctx.settings, { user: actor(ctx.settings, o.user), view: viewJson(v, ctx.settings, stateValues(values)), triggerId });
  const ack = await send(ctx, 'interactive', payload, o.via);
  if ((ack.status ?? 200) === 200) applyResponseAction(ctx, v, ack.payload, o.user);
  return { ack, payload, responseUrl: '', triggerId, view: v };
}
