/**
 * The only place that touches Bolt's listener API. Every command and click is acked first (Slack's 3 s limit),
 * then checked against access.channels, routed through the table, audited (allowed or refused, with who, where,
 * what, outcome and duration) and tracked as in-flight work. Whatever fails after the ack reaches the user as an
 * ephemeral error and the log with the detail: nothing is swallowed.
 */
import type { App, BlockButtonAction, RespondFn, webApi } from '@slack/bolt';
import { audited } from '../ops/audited.js';
import { assertChannelAllowed } from '../ops/access.js';
import { isRefusal } from '../ops/errors.js';
import { assertMayMutate } from '../ops/access.js';
import { UnknownServiceError } from '../supervisor/errors.js';
import { isTeachopsError } from '../errors.js';
import { redact } from '../util/redact.js';
import type { Actor } from '../ops/types.js';
import type { ActionContext, CommandContext, Interaction, Outcome, SlackDeps } from './context.js';
import { matchCommand, type ActionRoute, type CommandRoute, type ViewRoute } from './routes.js';
import { createReply } from './reply.js';
import { helpMessage } from './views/help.js';
import { errorMessage, unexpectedErrorMessage } from './views/notice.js';

export const SLASH_COMMAND = '/teach';

export interface Routes {
  commands: readonly CommandRoute[];
  actions: readonly ActionRoute[];
  fallback: CommandRoute;
  views?: readonly ViewRoute[];
}

function interaction(deps: SlackDeps, client: webApi.WebClient, user: string, channel: string, respond: RespondFn | undefined, name?: string): Interaction {
  // The name is for what others read (an Alertmanager silence's creator); the id stays the identity.
  const actor: Actor = { source: 'slack', id: user, channel, ...(name ? { name } : {}) };
  return { deps, actor, user, channel, reply: createReply(client, channel, user, respond, deps.config.locale, deps.botName()) };
}

/** The user-facing answer to an error: refusals and known errors with their fix, anything else briefly. */
async function answerError(ix: Interaction, e: unknown, what: string): Promise<void> {
  const { tr, log } = ix.deps;
  const refused = isRefusal(e);
  let msg;
  if (e instanceof UnknownServiceError) {
    // Rebuilt from its fields so zh-CN users read it in their language.
    const base = tr('common.unknown_service', { name: e.service, valid: [...e.valid, 'all'].join(', ') });
    msg = errorMessage({ message: e.suggestion ? `${base} ${tr('common.did_you_mean', { suggestion: e.suggestion })}` : base }, tr);
  } else if (isTeachopsError(e)) {
    msg = errorMessage({ message: e.message, hint: e.hint, markup: e.markup }, tr, refused);
  } else {
    const detail = e instanceof Error ? e.message : String(e);
    log(`slack: ${what} failed: ${redact(e instanceof Error ? (e.stack ?? detail) : detail)}`);
    msg = unexpectedErrorMessage(redact(detail), tr);
  }
  if (!refused && isTeachopsError(e)) log(`slack: ${what}: ${redact(e.message)}`);
  try {
    await ix.reply.ephemeral(msg);
  } catch (sendError) {
    log(`slack: could not tell <${ix.user}> about the error (${sendError instanceof Error ? sendError.message : String(sendError)})`);
  }
}

/** Runs one interaction: channel check, the handler, the audit row; errors answered, never rethrown to Bolt. */
async function handle(ix: Interaction, audit: { action: string; args: Record<string, unknown> }, what: string, fn: () => Promise<Outcome>): Promise<void> {
  const started = Date.now();
  try {
    const o = await audited(ix.deps.ops, ix.actor, { action: audit.action, args: audit.args, outcome: (r: Outcome) => r }, async () => {
      assertChannelAllowed(ix.deps.config, ix.channel);
      return fn();
    });
    // Successes are in the audit log (`teach audit`); the terminal shows what needs a look.
    if (o.outcome !== 'ok') ix.deps.log(`slack: ${ix.user} ${what}: ${o.outcome}${o.detail ? ` (${redact(o.detail)})` : ''}, ${Date.now() - started} ms`);
  } catch (e) {
    await answerError(ix, e, what);
  }
}

/** A button carries its value in `value`; a select menu (an alert's Silence) in `selected_option.value`. */
function actionValue(action: { value?: string }): string | undefined {
  if (action.value !== undefined) return action.value;
  const selected: unknown = 'selected_option' in action ? action.selected_option : undefined;
  return typeof selected === 'object' && selected !== null && 'value' in selected && typeof selected.value === 'string' ? selected.value : undefined;
}

export function registerListeners(app: App, deps: SlackDeps, routes: Routes): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const ix: CommandContext = { ...interaction(deps, client, command.user_id, command.channel_id, respond, command.user_name), text: command.text };
    const text = `${SLASH_COMMAND} ${command.text}`.trim();
    await deps.inflight.run(() =>
      handle(ix, { action: 'slack.command', args: { text } }, text, async () => {
        const m = matchCommand(routes.commands, command.text, routes.fallback);
        if (m.route) return m.route.run(ix, m.args);
        await ix.reply.ephemeral(helpMessage({ commands: deps.help(), unknown: m.word, ...(m.suggestion ? { suggestion: m.suggestion } : {}) }, deps.tr));
        return { outcome: 'failed', detail: `unknown command "${m.word}"` };
      }),
    );
  });

  for (const route of routes.actions) {
    app.action<BlockButtonAction>({ type: 'block_actions', action_id: route.actionId }, async ({ ack, body, action, respond, client }) => {
      await ack();
      const container = body.container;
      const channel = body.channel?.id ?? (typeof container.channel_id === 'string' ? container.channel_id : '');
      const messageTs = body.message?.ts ?? (typeof container.message_ts === 'string' ? container.message_ts : undefined);
      const isEphemeral = container.is_ephemeral === true || body.message === undefined;
      const ix: ActionContext = { ...interaction(deps, client, body.user.id, channel, respond, body.user.username ?? body.user.name), actionId: route.actionId, messageTs, isEphemeral, triggerId: body.trigger_id };
      await deps.inflight.run(() =>
        handle(ix, { action: 'slack.click', args: { action_id: route.actionId, value: actionValue(action) ?? null } }, `click ${route.actionId}`, () => {
          // Anyone can send any payload to an HTTP endpoint or craft a click: an action that changes something is
          // checked here, before its value is even decoded, whatever the handler does after.
          if (route.who === 'operators') assertMayMutate(deps.config, ix.actor);
          return route.run(ix, actionValue(action));
        }),
      );
    });
  }

  for (const route of routes.views ?? []) {
    // The ack carries the verdict (field errors keep the modal open), so the route runs first: it must be quick.
    app.view(route.callbackId, async ({ ack, body, view, client }) => {
      const ix = interaction(deps, client, body.user.id, route.channelOf(view.private_metadata), undefined);
      let errors: Record<string, string> | undefined;
      await deps.inflight.run(() =>
        handle(ix, { action: 'slack.view', args: { callback_id: route.callbackId } }, `submit ${route.callbackId}`, async () => {
          const r = await route.run(ix, { privateMetadata: view.private_metadata, values: view.state.values });
          errors = r.errors;
          return r;
        }),
      );
      await ack(errors ? { response_action: 'errors', errors } : undefined);
    });
  }

  // Listener errors are all handled in handle(); this catches what Bolt itself fails at, without dumping payloads.
  app.error(async (error) => {
    deps.log(`slack: ${redact(error.message)}`);
  });
}
