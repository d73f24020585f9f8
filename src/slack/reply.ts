/**
 * How listeners answer, without touching Bolt: ephemerals through the interaction's response_url, channel
 * messages through chat.postMessage and chat.update by channel + ts (a response_url only works 5 times in
 * 30 minutes, too few for messages that keep changing), files through filesUploadV2.
 */
import type { RespondFn, webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Locale } from '../config/types.js';
import type { SlackMessage } from './views/blocks.js';
import { BotNotInChannelError, slackErrorCode } from './errors.js';

export interface Reply {
  /** only the user who asked sees it */
  ephemeral(m: SlackMessage): Promise<void>;
  /** replaces the ephemeral message a clicked button sits on */
  replaceEphemeral(m: SlackMessage): Promise<void>;
  /** a new message in the channel; returns its ts */
  post(m: SlackMessage): Promise<string>;
  update(ts: string, m: SlackMessage): Promise<void>;
  upload(f: { content: string; filename: string; title: string }): Promise<void>;
  /** views.open with the click's trigger_id */
  openModal(triggerId: string, view: ModalView): Promise<void>;
}

const NOT_MEMBER = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

export function createReply(client: webApi.WebClient, channel: string, user: string, respond: RespondFn | undefined, locale: Locale = 'en', botName = 'teachops'): Reply {
  const ephemeral = async (m: SlackMessage, replace: boolean): Promise<void> => {
    if (respond) {
      await respond({ response_type: 'ephemeral', replace_original: replace, text: m.text, blocks: m.blocks });
      return;
    }
    await client.chat.postEphemeral({ channel, user, text: m.text, blocks: m.blocks });
  };
  return {
    ephemeral: (m) => ephemeral(m, false),
    replaceEphemeral: (m) => ephemeral(m, true),
    async post(m) {
      try {
        const r = await client.chat.postMessage({ channel, text: m.text, blocks: m.blocks });
        return r.ts ?? '';
      } catch (e) {
        if (NOT_MEMBER.has(slackErrorCode(e) ?? '')) throw new BotNotInChannelError(channel, locale, botName);
        throw e;
      }
    },
    async update(ts, m) {
      await client.chat.update({ channel, ts, text: m.text, blocks: m.blocks });
    },
    async upload(f) {
      await client.filesUploadV2({ channel_id: channel, content: f.content, filename: f.filename, title: f.title });
    },
    async openModal(triggerId, view) {
      await client.views.open({ trigger_id: triggerId, view });
    },
  };
}
