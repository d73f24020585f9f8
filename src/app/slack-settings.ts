/**
 * How this daemon talks to Slack, read once from its environment (.env included). A Slack setting that can never
 * work (a variable missing from a pair, a token in the wrong variable) is not a reason to stop supervising: it is
 * reported once, plainly, with its fix, and the daemon runs with Slack off (alerts on the console). Decided so
 * because `teach run` exiting leaves the services unsupervised, and under systemd a config error would only
 * restart it until the start limit gives up.
 */
import { isTeachopsError, type TeachopsError } from '../errors.js';
import { slackModeFromEnv, type SlackMode } from '../slack/mode.js';
import type { DaemonContext } from './run.js';

export interface SlackSettings {
  mode: SlackMode;
  /** why Slack is off although some Slack variable is set */
  error?: TeachopsError;
}

const cache = new WeakMap<DaemonContext, SlackSettings>();

export function slackSettings(ctx: DaemonContext): SlackSettings {
  let s = cache.get(ctx);
  if (!s) {
    try {
      s = { mode: slackModeFromEnv(ctx.env, ctx.config.locale) };
    } catch (e) {
      if (!isTeachopsError(e)) throw e;
      s = { mode: { kind: 'off' }, error: e };
    }
    cache.set(ctx, s);
  }
  return s;
}
