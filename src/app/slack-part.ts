/**
 * The Slack part of `teach run`: serves `/teach` and the buttons. It never stops supervision: when Slack cannot be
 * reached or refuses a token at start-up, it says so once, plainly (alerts are on the console and in
 * logs/monitor.log meanwhile; delivery retries on its own), and keeps trying to connect with backoff in the
 * background. A Slack setting that can never work is reported once with its fix (slack-settings.ts). On shutdown it
 * stops accepting first; the operations part waits for work already running.
 */
import { errorMessage, isTeachopsError } from '../errors.js';
import { translator } from '../i18n/index.js';
import { SlackBadAppTokenError, SlackBadBotTokenError } from '../slack/errors.js';
import { Backoff } from '../util/backoff.js';
import { paths } from '../util/paths.js';
import type { SlackConnection } from '../slack/start.js';
import { slackSettings } from './slack-settings.js';
import type { PartFactory } from './run.js';

/** Reconnect attempts after a failed start: 2 s, 4 s ... at most a minute apart. */
const RETRY = { initialMs: 2000, maxMs: 60_000 };

export const slackPart: PartFactory = async (ctx) => {
  const tr = translator(ctx.config.locale);
  const { mode, error } = slackSettings(ctx);
  if (error) {
    ctx.log(tr('cli.error_prefix', { message: error.message }));
    if (error.hint) ctx.log(tr('cli.fix', { hint: error.hint }));
    ctx.shared.slackHealth?.connectFailed(error.message);
    return undefined;
  }
  if (mode.kind === 'off') {
    ctx.log(tr('slack.not_configured'));
    return undefined;
  }
  // Bolt and the listeners are loaded only when Slack is configured: a daemon without Slack does not pay their memory.
  const { connectSlack } = await import('../slack/start.js');
  const deps = { ops: ctx.ops, config: ctx.config, tr, log: ctx.log, inflight: ctx.operations, logLevel: ctx.env.TEACHOPS_LOG_LEVEL };
  const backoff = new Backoff(RETRY);
  let conn: SlackConnection | undefined;
  let stopped = false;
  let cancelRetry: (() => void) | undefined;

  const attempt = async (): Promise<void> => {
    try {
      const c = await connectSlack(deps, mode);
      if (stopped) return void (await c.stop());
      conn = c;
      if (c.who.user) ctx.shared.botName = c.who.user;
      if (backoff.failures > 0) ctx.log(tr('delivery.connected_again', { n: backoff.failures }));
      backoff.reset();
      ctx.shared.slackHealth?.connected();
      // Slack answers (auth.test just passed): what waited for it goes now, not at the end of a backoff.
      ctx.shared.delivery?.wake();
    } catch (e) {
      if (stopped) return;
      const auth = e instanceof SlackBadBotTokenError || e instanceof SlackBadAppTokenError ? e.slackError : undefined;
      if (ctx.shared.slackHealth) ctx.shared.slackHealth.connectFailed(isTeachopsError(e) ? e.message : errorMessage(e), auth);
      else ctx.log(tr('delivery.connect_failed', { message: errorMessage(e), file: paths.monitorLog(ctx.config.logs_dir) }));
      cancelRetry = ctx.background.after('slack connect', backoff.next(), attempt);
    }
  };
  // The first attempt is awaited (bounded by the start-up timeout), so "ready" means "connected" when Slack answers.
  await attempt();

  return {
    name: 'slack',
    async quiesce() {
      // Stop accepting first (closes the socket / HTTP server); the operations part lets running work finish.
      stopped = true;
      cancelRetry?.();
      await conn?.stop().catch((e: unknown) => ctx.log(`slack: ${errorMessage(e)}`));
    },
    stop: () => undefined,
  };
};
