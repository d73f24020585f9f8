// The three-step upload that @slack/web-api's filesUploadV2 performs: files.getUploadURLExternal, a POST of
// the bytes to the returned upload_url (multipart field "body" in web-api 8, raw bytes in older clients), then
// files.completeUploadExternal, which shares the files in the channel as one message.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs, readBody, sendText, str } from './http-io.js';
import type { SlackStore } from './store.js';
import type { Json, StoredFile } from './types.js';
import { channelName, fail, type MethodSpec } from './web-api-env.js';

function fileJson(f: StoredFile): Json {
  return { id: f.id, name: f.name, title: f.title ?? f.name, size: f.length, mimetype: 'text/plain', filetype: 'text' };
}

export const fileMethods: Record<string, MethodSpec> = {
  'files.getUploadURLExternal': {
    token: 'bot',
    handle: ({ args, env }) => {
      const name = str(args.filename);
      const length = Number(args.length);
      if (name === undefined || !Number.isInteger(length) || length < 0) {
        return fail('invalid_arguments', ['[ERROR] filename and length (bytes) are required']);
      }
      const id = `F${String(env.store.files.size + 1).padStart(9, '0')}`;
      env.store.files.set(id, { id, name, length, completed: false });
      return { ok: true, upload_url: `${env.baseUrl()}upload/${id}`, file_id: id };
    },
  },
  'files.completeUploadExternal': {
    token: 'bot',
    handle: ({ args, env }) => {
      const list = Array.isArray(args.files) ? (args.files as Array<{ id?: unknown; title?: unknown }>) : [];
      if (list.length === 0) return fail('invalid_arguments', ['[ERROR] files: expected a JSON array of {id, title}']);
      const found: StoredFile[] = [];
      for (const item of list) {
        const f = typeof item.id === 'string' ? env.store.files.get(item.id) : undefined;
        if (f === undefined || f.content === undefined) return fail('file_not_found');
        if (typeof item.title === 'string') f.title = item.title;
        found.push(f);
      }
      const channel = str(args.channel_id) ?? str(args.channels);
      if (channel !== undefined && channelName(env.settings, channel) === undefined) return fail('channel_not_found');
      for (const f of found) {
        f.completed = true;
        f.channel = channel;
      }
      if (channel !== undefined) {
        const { botUserId, botId } = env.settings;
        env.store.post({
          channel, thread_ts: str(args.thread_ts), user: botUserId, bot_id: botId,
          text: str(args.initial_comment) ?? '', files: found, via: 'files.completeUploadExternal',
        });
      }
      env.store.changed();
      return { ok: true, files: found.map(fileJson) };
    },
  },
};

/** POST /upload/<file_id>: stores the bytes; Slack answers "OK - <length>". */
export async function handleUpload(store: SlackStore, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const file = store.files.get(id);
  if (file === undefined || req.method !== 'POST') return sendText(res, 404, 'file_not_found');
  const raw = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  let content = raw;
  if (type.startsWith('multipart/form-data')) {
    const fields = await parseArgs(req, raw);
    const part = Object.values(fields).find((v): v is Buffer => Buffer.isBuffer(v));
    content = part ?? Buffer.from(String(fields.body ?? fields.file ?? ''));
  }
  file.content = content;
  file.length = content.length;
  store.changed();
  sendText(res, 200, `OK - ${content.length}`);
}
