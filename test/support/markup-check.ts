/**
 * Suite-wide check (vitest setupFiles): after every test, every Slack stand-in it started is scanned for mentions,
 * channel links and dates sent HTML-escaped (`&lt;@U0123&gt;` shows as text and pings nobody), whatever view or
 * path produced them. A test that sends such a payload fails here, naming where it was sent.
 */
import { afterEach, expect } from 'vitest';
import { SlackStandin } from './slack-standin/index.js';

afterEach(() => {
  const found = SlackStandin.takeStarted().flatMap((s) => s.escapedMarkup());
  expect(found, 'mentions, channel links or dates sent HTML-escaped to Slack').toEqual([]);
});
