/** The start-up check of alerts.channel, against the Slack stand-in through a real WebClient. */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandin } from '../support/slack-standin/index.js';
import { checkAlertsChannel } from '../../src/slack/channel-check.js';
import { translator } from '../../src/i18n/index.js';

describe('alerts.channel check at connect time', () => {
  let standin: SlackStandin;
  let client: WebClient;
  beforeAll(async () => {
    standin = await SlackStandin.start({ channels: { C0ALERTS: 'ops-alerts' } });
    client = new WebClient(standin.botToken, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(() => standin.stop());

  it('says nothing when the bot can post there', async () => {
    const lines: string[] = [];
    await checkAlertsChannel(client, 'C0ALERTS', translator('en'), (l) => lines.push(l));
    expect(lines).toEqual([]);
  });

  it('names a channel id that does not exist and how to fix it', async () => {
    const lines: string[] = [];
    await checkAlertsChannel(client, 'C0TYPO', translator('en'), (l) => lines.push(l));
    expect(lines).toEqual([expect.stringContaining('alerts.channel C0TYPO does not exist or the bot cannot see it')]);
  });
});
