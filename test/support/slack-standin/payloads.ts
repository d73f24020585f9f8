// Payloads exactly as Slack sends them (field names, string-typed flags), built from the stored state.
import type { Json } from './types.js';
import type { Settings } from './web-api-env.js';

/** Slack's legacy verification token: sent in every payload, checked by nobody anymore. */
export const VERIFICATION_TOKEN = 'standin-verification-token';

export interface Actor {
  id: string;
  name: string;
}

function actionTs(): string {
  const us = Math.round(performance.timeOrigin * 1000 + performance.now() * 1000);
  return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
}

export function slashPayload(
  s: Settings,
  p: { text: string; command: string; user: Actor; channel: string; channelName: string; responseUrl: string; triggerId: string },
): Json {
  return {
    token: VERIFICATION_TOKEN, team_id: s.teamId, team_domain: s.teamDomain, channel_id: p.channel,
    channel_name: p.channelName, user_id: p.user.id, user_name: p.user.name, command: p.command, text: p.text,
    api_app_id: s.appId, is_enterprise_install: 'false', response_url: p.responseUrl, trigger_id: p.triggerId,
  };
}

export type ElementMatcher = string | ((element: Json, block: Json) => boolean);

export interface FoundElement {
  element: Json;
  blockId: string;
}

/** The first interactive element (actions elements, section accessories) that matches, in block order. */
export function findElement(blocks: unknown[] | undefined, match: ElementMatcher): FoundElement | undefined {
  const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
  for (const [i, b] of (blocks ?? []).entries()) {
    if (!isObj(b)) continue;
    const candidates = [...(Array.isArray(b.elements) ? b.elements : []), b.accessory].filter(isObj);
    for (const el of candidates) {
      const ok = typeof match === 'string' ? el.action_id === match : match(el, b);
      // Slack fills in a block_id the app left out; a stable stand-in value keeps tests deterministic.
      if (ok) return { element: el, blockId: typeof b.block_id === 'string' ? b.block_id : `standin-block-${i}` };
    }
  }
  return undefined;
}

export function userObject(s: Settings, u: Actor): Json {
  return { id: u.id, username: u.name, name: u.name, team_id: s.teamId };
}

export function blockActionsPayload(
  s: Settings,
  p: {
    user: Actor; channel: string; channelName: string; messageTs: string; isEphemeral: boolean;
    message?: Json; found: FoundElement; responseUrl: string; triggerId: string; values?: Json; option?: string;
  },
): Json {
  const el = p.found.element;
  const action: Json = { type: el.type, action_id: el.action_id, block_id: p.found.blockId, action_ts: actionTs() };
  if (el.type === 'button') Object.assign(action, { text: el.text, value: el.value, style: el.style });
  if ((el.type === 'static_select' || el.type === 'overflow') && p.option !== undefined) {
    const options = (Array.isArray(el.options) ? el.options : []) as Json[];
    const picked = options.find((o) => o.value === p.option || (o.text as Json | undefined)?.text === p.option);
    if (picked === undefined) throw new Error(`click: no option "${p.option}" in ${String(el.action_id)}`);
    action.selected_option = picked;
  }
  const payload: Json = {
    type: 'block_actions', user: userObject(s, p.user), api_app_id: s.appId, token: VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: p.messageTs, channel_id: p.channel, is_ephemeral: p.isEphemeral },
    trigger_id: p.triggerId, team: { id: s.teamId, domain: s.teamDomain }, enterprise: null,
    is_enterprise_install: false, channel: { id: p.channel, name: p.channelName },
    state: { values: p.values ?? {} }, response_url: p.responseUrl, actions: [action],
  };
  if (p.message !== undefined) payload.message = p.message;
  return payload;
}

export function viewSubmissionPayload(s: Settings, p: { user: Actor; view: Json; triggerId: string }): Json {
  return {
    type: 'view_submission', team: { id: s.teamId, domain: s.teamDomain }, user: userObject(s, p.user),
    api_app_id: s.appId, token: VERIFICATION_TOKEN, trigger_id: p.triggerId, view: p.view,
    response_urls: [], is_enterprise_install: false, enterprise: null,
  };
}

/** `{block: {action: 'text'}}` shorthand -> Slack's state.values (plain_text_input values); objects pass through. */
export function stateValues(values: Record<string, Record<string, unknown>>): Json {
  const out: Json = {};
  for (const [block, actions] of Object.entries(values)) {
    const b: Json = {};
    for (const [action, v] of Object.entries(actions)) b[action] = typeof v === 'string' ? { type: 'plain_text_input', value: v } : v;
    out[block] = b;
  }
  return out;
}
