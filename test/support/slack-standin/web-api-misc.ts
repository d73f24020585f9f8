// auth.test, apps.connections.open, conversations.* and users.info.
import { str } from './http-io.js';
import { channelName, fail, messageJson, type MethodSpec, type Settings } from './web-api-env.js';
import type { Json, StoredMessage } from './types.js';

export function userJson(s: Settings, id: string, withLocale: boolean): Json | undefined {
  const known = s.users?.[id];
  if (s.users !== undefined && known === undefined) return undefined;
  const name = known?.name ?? id.toLowerCase();
  const realName = known?.realName ?? name;
  const out: Json = {
    id, team_id: s.teamId, name, real_name: realName, deleted: false, is_bot: false, is_admin: false,
    tz: known?.tz ?? 'Asia/Shanghai', tz_label: 'China Standard Time', tz_offset: 28800,
    profile: { real_name: realName, display_name: name, team: s.teamId },
  };
  if (withLocale) out.locale = known?.locale ?? 'en-US';
  return out;
}

/** Slack returns message metadata only when asked with include_all_metadata. */
function withMetadata(m: StoredMessage, args: Json): Json {
  const asked = args.include_all_metadata === true || args.include_all_metadata === 'true';
  return asked && m.metadata !== undefined ? { metadata: m.metadata } : {};
}

export const miscMethods: Record<string, MethodSpec> = {
  'auth.test': {
    token: 'bot',
    handle: ({ env }) => {
      const s = env.settings;
      return {
        ok: true, url: `https://${s.teamDomain}.slack.com/`, team: s.teamDomain, user: s.botName,
        team_id: s.teamId, user_id: s.botUserId, bot_id: s.botId, is_enterprise_install: false,
      };
    },
  },
  'apps.connections.open': {
    token: 'app',
    handle: ({ env }) => {
      const ws = env.baseUrl().replace(/^http/, 'ws');
      return { ok: true, url: `${ws}socket?ticket=${env.hub.issueTicket()}&app_id=${env.settings.appId}` };
    },
  },
  'conversations.info': {
    token: 'bot',
    handle: ({ args, env }) => {
      const id = str(args.channel) ?? '';
      const name = channelName(env.settings, id);
      if (name === undefined) return fail('channel_not_found');
      return {
        ok: true,
        channel: {
          id, name, name_normalized: name, is_channel: true, is_group: false, is_im: false, is_private: false,
          is_archived: false, is_general: false, is_member: !env.settings.notMember.includes(id), created: 1700000000, creator: 'U0CREATOR',
        },
      };
    },
  },
  'conversations.history': {
    token: 'bot',
    handle: ({ args, env }) => {
      const id = str(args.channel) ?? '';
      if (channelName(env.settings, id) === undefined) return fail('channel_not_found');
      const msgs = env.store.messages(id).reverse().map((m) => ({
        ...messageJson(m, env.settings),
        ...withMetadata(m, args),
        ...(m.replies.length > 0 ? { reply_count: m.replies.length, thread_ts: m.ts } : {}),
      }));
      return { ok: true, messages: msgs, has_more: false, response_metadata: { next_cursor: '' } };
    },
  },
  'conversations.replies': {
    token: 'bot',
    handle: ({ args, env }) => {
      const id = str(args.channel) ?? '';
      const parent = env.store.find(id, str(args.ts) ?? '');
      if (parent === undefined) return fail('thread_not_found');
      const all = [parent, ...env.store.thread(id, parent.ts)].map((m) => ({ ...messageJson(m, env.settings), ...withMetadata(m, args) }));
      return { ok: true, messages: all, has_more: false, response_metadata: { next_cursor: '' } };
    },
  },
  'users.info': {
    token: 'bot',
    handle: ({ args, env }) => {
      const user = userJson(env.settings, str(args.user) ?? '', args.include_locale === true || args.include_locale === 'true');
      return user === undefined ? fail('user_not_found') : { ok: true, user };
    },
  },
};
