/**
 * Suite-wide check (vitest setupFiles): after every test, every Slack stand-in it started is scanned for mentions,
 * channel links and dates sent HTML-escaped (`&lt;@U0123&gt;` shows as text and pings nobody), whatever view or
 * path produced them. A test that sends such a payload fails here, naming where it was sent. Text from outside
 * (a log line, an error a service printed) is escaped on purpose: a test that sends `<@...>` in such text checks
 * that itself, without a stand-in (test/slack/mentions.test.ts).
 */
import { afterEach, expect } from 'vitest';
import { SlackStandin } from './slack-standin/index.js';

afterEach(() => {
  // Stand-ins shared by a whole file are checked after each of its tests, each time for what is new.
  const found = SlackStandin.tracked().flatMap((s) => s.escapedMarkup({ sinceLastCheck: true }));
  expect(found, 'mentions, channel links or dates sent HTML-escaped to Slack').toEqual([]);
});
