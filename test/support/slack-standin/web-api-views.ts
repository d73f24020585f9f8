// views.open / push / update / publish, with Slack's trigger-id rules (unknown or older than 3 s: refused).
import { randomBytes } from 'node:crypto';
import { checkBlockKitLimits } from './blockkit.js';
import { str } from './http-io.js';
import type { SlackStore } from './store.js';
import type { Json, StoredView } from './types.js';
import { fail, type Call, type MethodSpec, type Settings, type Triggers } from './web-api-env.js';

const TRIGGER_LIFETIME_MS = 3000;

export class TriggerIds implements Triggers {
  private readonly issued = new Map<string, { at: number; user: string }>();

  constructor(private readonly enforce: boolean) {}

  issue(user: string): string {
    const id = `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
    this.issued.set(id, { at: Date.now(), user });
    return id;
  }

  check(id: unknown): { error?: string; user?: string } {
    const t = typeof id === 'string' ? this.issued.get(id) : undefined;
    if (!this.enforce) return { user: t?.user };
    if (t === undefined) return { error: 'invalid_trigger_id' };
    if (Date.now() - t.at > TRIGGER_LIFETIME_MS) return { error: 'expired_trigger_id' };
    return { user: t.user };
  }
}

/** A stored view in the shape views.* answer with (and view_submission payloads carry). */
export function viewJson(v: StoredView, s: Settings, values: Json = {}): Json {
  return {
    private_metadata: '', callback_id: '', external_id: '', clear_on_close: false, notify_on_close: false,
    ...v.view,
    id: v.id, team_id: s.teamId, app_id: s.appId, bot_id: s.botId, app_installed_team_id: s.teamId,
    state: { values }, hash: `${v.id}.${v.history.length}`,
    root_view_id: v.rootViewId, previous_view_id: v.previousViewId ?? null,
  };
}

function viewArg(call: Call): Json | { error: Json } {
  const view = call.args.view;
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return { error: fail('invalid_arguments', ['[ERROR] view: expected a JSON object']) };
  const problems = checkBlockKitLimits(view);
  if (problems.length === 0) return view as Json;
  call.env.rejections.push({ method: call.method, error: 'invalid_arguments', problems, at: Date.now() });
  return { error: fail('invalid_arguments', problems.map((p) => `[ERROR] ${p}`)) };
}

export function addView(store: SlackStore, view: Json, user: string | undefined, via: string, parent?: StoredView): StoredView {
  // Views are never removed from the map, so its size numbers them uniquely.
  const id = `V${String(store.views.size + 1).padStart(9, '0')}`;
  const v: StoredView = { id, user, view, history: [], rootViewId: parent?.rootViewId ?? id, previousViewId: parent?.id, closed: false, openedVia: via };
  store.views.set(id, v);
  store.changed();
  return v;
}

export function replaceView(store: SlackStore, v: StoredView, view: Json): void {
  v.history.push(v.view);
  v.view = view;
  store.changed();
}

function topViewOf(store: SlackStore, user: string | undefined): StoredView | undefined {
  return [...store.views.values()].filter((v) => !v.closed && v.user === user && v.view.type === 'modal').at(-1);
}

function open(call: Call, push: boolean): Json {
  const { env, args } = call;
  const trigger = env.triggers.check(args.trigger_id ?? args.interactivity_pointer);
  if (trigger.error !== undefined) return fail(trigger.error);
  const view = viewArg(call);
  if ('error' in view) return view.error as Json;
  const parent = push ? topViewOf(env.store, trigger.user) : undefined;
  const v = addView(env.store, view, trigger.user, call.method, parent);
  return { ok: true, view: viewJson(v, env.settings) };
}

export const viewMethods: Record<string, MethodSpec> = {
  'views.open': { token: 'bot', handle: (call) => open(call, false) },
  'views.push': { token: 'bot', handle: (call) => open(call, true) },
  'views.update': {
    token: 'bot',
    handle: (call) => {
      const { env, args } = call;
      const byId = str(args.view_id);
      const ext = str(args.external_id);
      const v = [...env.store.views.values()].find((x) => (byId !== undefined ? x.id === byId : ext !== undefined && x.view.external_id === ext));
      if (v === undefined) return fail('not_found');
      if (str(args.hash) !== undefined && args.hash !== `${v.id}.${v.history.length}`) return fail('hash_conflict');
      const view = viewArg(call);
      if ('error' in view) return view.error as Json;
      replaceView(env.store, v, view);
      return { ok: true, view: viewJson(v, env.settings) };
    },
  },
  'views.publish': {
    token: 'bot',
    handle: (call) => {
      const view = viewArg(call);
      if ('error' in view) return view.error as Json;
      const user = str(call.args.user_id);
      if (user === undefined) return fail('invalid_arguments', ['[ERROR] user_id: required']);
      const v = addView(call.env.store, view, user, call.method);
      return { ok: true, view: viewJson(v, call.env.settings) };
    },
  },
};
