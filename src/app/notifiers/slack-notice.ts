/** Notices in Slack: one top-level message each in alerts.channel, with its mentions. */
import type { WebClient } from '@slack/web-api';
import type { Config } from '../../config/types.js';
import type { MessageKey } from '../../i18n/index.js';
import { translator } from '../../i18n/index.js';
import type { NoticeEvent } from '../../notify/notice.js';
import type { DeliveryResult, OutboxRow, Reconciliation } from '../../notify/types.js';
import { esc, message, section, slackTime } from '../../slack/views/blocks.js';
import { findPosted, postTagged, withMentions } from './slack-post.js';

const plainTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** `time` renders `at_ms` (Slack: a date token in each reader's zone); strings pass `escape`. */
export function noticeText(config: Pick<Config, 'locale'>, row: OutboxRow, escape: (s: string) => string = (s) => s, time: (ms: number) => string = plainTime): string {
  const p = row.params as NoticeEvent['params'];
  const tr = translator(config.locale);
  const args: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p.args ?? {})) args[k] = typeof v === 'string' ? escape(v) : v;
  if (typeof p.args?.at_ms === 'number') args.at = time(p.args.at_ms);
  if (typeof p.args?.action === 'string') args.action = tr(`slack.verb_${p.args.action}` as MessageKey);
  return tr(`delivery.notice_${p.code}` as MessageKey, args);
}

export function slackNotices(config: Config) {
  const channel = config.alerts.channel ?? '';
  return {
    async deliver(web: WebClient, row: OutboxRow): Promise<DeliveryResult> {
      const text = noticeText(config, row, esc, (ms) => slackTime(ms, '{date_short_pretty} {time}'));
      return { ok: true, ref: await postTagged(web, row, { channel }, withMentions(message(text, [section(text)]), row.mention)) };
    },
    async reconcile(web: WebClient, row: OutboxRow): Promise<Reconciliation> {
      const ts = await findPosted(web, row, { channel, threadTs: null });
      return ts === undefined ? { arrived: false } : { arrived: true, ref: { channel, ts } };
    },
  };
}
