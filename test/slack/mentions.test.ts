/**
 * Mentions, channel links and dates render as markup in every view that names a person or a channel (never
 * `&lt;@U0ALICE001&gt;`), while text from outside (a service's error, a log line) is still escaped so it can never
 * ping anyone. The suite-wide check (test/support/markup-check.ts) scans everything the Slack tests send; this
 * drives the views directly, including the paths no end-to-end test reaches.
 */
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/types.js';
import { translator } from '../../src/i18n/index.js';
import { NotOperatorError, NotRequesterError, ChannelNotAllowedError } from '../../src/ops/errors.js';
import { BotNotInChannelError } from '../../src/slack/errors.js';
import { errorMessage, infoMessage } from '../../src/slack/views/notice.js';
import { alertReply, atMarkup, whoMarkup } from '../../src/slack/views/alert-replies.js';
import { noteMessage } from '../../src/slack/views/alert-thread.js';
import { escapedMarkup } from '../support/slack-standin/markup-scan.js';

const config = { locale: 'en', services: {}, alerts: { escalate_to: [] } } as unknown as Config;
const tr = translator('en');
const scan = (m: { text: string; blocks: unknown[] }) => escapedMarkup([{ what: 'view', body: { text: m.text, blocks: m.blocks } }]);

describe('mentions in views', () => {
  it('errors that name operators, the requester, allowed channels or the channel to invite the bot to', () => {
    for (const e of [new NotOperatorError('U0X', ['U0ALICE001', 'U0BOB']), new NotRequesterError('U0X', 'U0ALICE001'), new ChannelNotAllowedError('C0X', ['C0OPS']), new BotNotInChannelError('C0OPS', 'en', 'opsbot')]) {
      const m = errorMessage({ message: e.message, hint: e.hint, markup: e.markup }, tr, true);
      expect(scan(m), e.code).toEqual([]);
      expect(JSON.stringify(m.blocks)).toMatch(/<@U0ALICE001>|<#C0OPS>/);
      // the plain message (CLI, logs) names them plainly
      expect(e.message).not.toMatch(/<[@#]/);
    }
  });

  it('what a click on an alert button is told, and thread lines naming people', () => {
    const m = alertReply(config, 'alerts.ack_already', { id: 1, who: whoMarkup('slack:U0ALICE001'), at: atMarkup(0) });
    expect(scan(m)).toEqual([]);
    expect(m.text).toContain('<@U0ALICE001>');
    for (const [code, args] of [
      ['acknowledged', { who: 'slack:U0ALICE001' }],
      ['operator_restarted', { service: 'web', who: 'slack:U0ALICE001', duration_ms: 1200, pid: 42 }],
      ['unsilenced', { who: 'slack:U0ALICE001' }],
      ['incident', { incident: 2, title: 'llm is down', who: 'slack:U0ALICE001' }],
    ] as const) {
      expect(scan(noteMessage(config, code, args)), code).toEqual([]);
    }
  });

  it('outside text is still escaped: a log line that says <!channel> pings nobody', () => {
    const m = noteMessage(config, 'restarts_failed', { service: 'web', n: 1, max: 3, error: 'boom <!channel> <@U0EVIL>' });
    expect(m.text).toContain('&lt;!channel&gt; &lt;@U0EVIL&gt;');
    expect(JSON.stringify(infoMessage('<@U0EVIL>').blocks)).toContain('&lt;@U0EVIL&gt;');
  });
});
