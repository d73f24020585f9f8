/**
 * At connect time, check that the bot can post to `alerts.channel`: a wrong id or a channel the bot was never invited
 * to would otherwise only show up as failed deliveries when the first alert fires. It warns; it never blocks start-up.
 */
import type { WebClient } from '@slack/web-api';
import type { Translate } from '../i18n/index.js';

export async function checkAlertsChannel(client: WebClient, channel: string | null, tr: Translate, log: (l: string) => void, bot = 'teachops'): Promise<void> {
  if (channel === null) return;
  try {
    const r = await client.conversations.info({ channel });
    if (r.channel && r.channel.is_member === false) log(tr('slack.alerts_channel_not_member', { channel, bot }));
  } catch (e) {
    const code = (e as { data?: { error?: string } }).data?.error ?? (e instanceof Error ? e.message : String(e));
    log(code === 'channel_not_found' ? tr('slack.alerts_channel_not_found', { channel }) : tr('slack.alerts_channel_unchecked', { channel, error: code }));
  }
}
