// chat.* and reactions.add: where messages are posted, edited, deleted, and what Slack refuses.
import { str } from './http-io.js';
import { channelName, fail, isError, messageJson, validateContent, type MethodSpec } from './web-api-env.js';

export const chatMethods: Record<string, MethodSpec> = {
  'chat.postMessage': {
    token: 'bot',
    handle: (call) => {
      const { args, env } = call;
      const channel = str(args.channel);
      if (channel === undefined || channelName(env.settings, channel) === undefined) return fail('channel_not_found');
      if (env.settings.notMember.includes(channel)) return fail('not_in_channel');
      const content = validateContent(call, true);
      if (isError(content)) return content;
      const thread_ts = str(args.thread_ts);
      const { botUserId, botId } = env.settings;
      // reply_broadcast only means something on a thread reply (Slack ignores it on a top-level post).
      const broadcast = thread_ts !== undefined && (args.reply_broadcast === true || args.reply_broadcast === 'true') ? { broadcast: true } : {};
      const m = env.store.post({ channel, thread_ts, ...broadcast, user: botUserId, bot_id: botId, ...content, ...(args.metadata !== undefined ? { metadata: args.metadata } : {}), via: 'chat.postMessage' });
      if ((content.text ?? '') === '') env.warnings.push({ kind: 'no_text', method: call.method, channel, ts: m.ts });
      return { ok: true, channel, ts: m.ts, message: messageJson(m, env.settings) };
    },
  },
  'chat.update': {
    token: 'bot',
    handle: (call) => {
      const { args, env } = call;
      const channel = str(args.channel) ?? '';
      const ts = str(args.ts) ?? '';
      const m = env.store.find(channel, ts);
      if (m === undefined) return fail(channelName(env.settings, channel) === undefined ? 'channel_not_found' : 'message_not_found');
      const content = validateContent(call, false);
      if (isError(content)) return content;
      env.store.edit(m, content, false);
      if ((m.text ?? '') === '') env.warnings.push({ kind: 'no_text', method: call.method, channel, ts });
      return { ok: true, channel, ts, text: m.text ?? '', message: messageJson(m, env.settings) };
    },
  },
  'chat.postEphemeral': {
    token: 'bot',
    handle: (call) => {
      const { args, env } = call;
      const channel = str(args.channel);
      const user = str(args.user);
      if (channel === undefined || channelName(env.settings, channel) === undefined) return fail('channel_not_found');
      if (user === undefined) return fail('user_not_in_channel');
      const content = validateContent(call, true);
      if (isError(content)) return content;
      const e = env.store.postEphemeral({ channel, user, thread_ts: str(args.thread_ts), ...content, via: 'chat.postEphemeral' });
      if ((content.text ?? '') === '') env.warnings.push({ kind: 'no_text', method: call.method, channel, ts: e.ts });
      return { ok: true, message_ts: e.ts };
    },
  },
  'chat.getPermalink': {
    token: 'bot',
    handle: ({ args, env }) => {
      const channel = str(args.channel) ?? '';
      const m = env.store.find(channel, str(args.message_ts) ?? '');
      if (m === undefined) return fail(channelName(env.settings, channel) === undefined ? 'channel_not_found' : 'message_not_found');
      const base = `https://${env.settings.teamDomain}.slack.com/archives/${channel}/p${m.ts.replace('.', '')}`;
      return { ok: true, channel, permalink: m.thread_ts !== undefined && m.thread_ts !== m.ts ? `${base}?thread_ts=${m.thread_ts}&cid=${channel}` : base };
    },
  },
  'chat.delete': {
    token: 'bot',
    handle: ({ args, env }) => {
      const channel = str(args.channel) ?? '';
      const ts = str(args.ts) ?? '';
      const m = env.store.find(channel, ts);
      if (m === undefined) return fail('message_not_found');
      env.store.remove(m);
      return { ok: true, channel, ts };
    },
  },
  'reactions.add': {
    token: 'bot',
    handle: ({ args, env }) => {
      const m = env.store.find(str(args.channel) ?? '', str(args.timestamp) ?? '');
      const name = str(args.name);
      if (m === undefined) return fail('message_not_found');
      if (name === undefined) return fail('invalid_name');
      if (m.reactions.includes(name)) return fail('already_reacted');
      m.reactions.push(name);
      env.store.changed();
      return { ok: true };
    },
  },
};
