/**
 * The Slack part of `teach run`: reads the connection mode from the environment (.env included), connects with a
 * start-up timeout, serves `/teach` and the buttons, and on SIGINT/SIGTERM stops accepting, then lets in-flight
 * work finish before the daemon closes the store. Without credentials it says once how to connect and stays off.
 */
import type { PartFactory } from '../daemon/run.js';
import { translator } from '../i18n/index.js';
import { slackModeFromEnv } from './mode.js';

export const slackPart: PartFactory = async (ctx) => {
  const tr = translator(ctx.config.locale);
  const mode = slackModeFromEnv(ctx.env, ctx.config.locale);
  if (mode.kind === 'off') {
    ctx.log(tr('slack.not_configured'));
    return undefined;
  }
  // Bolt and the listeners are loaded only when Slack is configured: a daemon without Slack does not pay their memory.
  const { startSlack } = await import('./start.js');
  return startSlack(ctx, mode, tr);
};
