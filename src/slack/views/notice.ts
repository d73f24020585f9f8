/**
 * Short ephemeral answers: an error (message + how to fix it), a refusal, and what a click on a button that
 * already acted (or whose service moved on) is told. Pure.
 */
import type { KnownBlock } from '@slack/types';
import { Markup, type Translate } from '../../i18n/index.js';
import type { ServiceRuntime } from '../../supervisor/types.js';
import { context, esc, message, section, slackTime, type SlackMessage } from './blocks.js';
import { FAIL, NOTE, WARN } from './emoji.js';
import { stateLabel } from './format.js';

/** `markup`: the message as mrkdwn with its mentions and channel links (TeachopsError.markup), used as is. */
export function errorMessage(e: { message: string; hint?: string | undefined; markup?: string | undefined }, tr: Translate, refused = false): SlackMessage {
  const lead = `${refused ? WARN : FAIL} ${e.markup ?? esc(e.message)}`;
  const blocks: KnownBlock[] = [section(lead)];
  if (e.hint) blocks.push(context([tr('slack.fix', { hint: esc(e.hint) })]));
  const text = e.markup ?? e.message;
  return message(e.hint ? `${text} ${tr('slack.fix', { hint: e.hint })}` : text, blocks);
}

export function unexpectedErrorMessage(detail: string, tr: Translate): SlackMessage {
  const text = tr('slack.unexpected_error', { message: detail });
  return message(text, [section(`${FAIL} ${esc(text)}`)]);
}

/** A plain string is escaped; Markup (built with tEscaped, its mentions and dates intact) is shown as is. */
export function infoMessage(text: string | Markup): SlackMessage {
  const shown = text instanceof Markup ? text.text : esc(text);
  return message(text.toString(), [section(`${NOTE} ${shown}`)]);
}

/** "llm: running (pid 123)" for each runtime. */
export function currentState(runtimes: ServiceRuntime[], tr: Translate): string {
  return runtimes.map((r) => `${r.name}: ${stateLabel(r.state, tr)}${r.pid === null ? '' : ` (pid ${r.pid})`}`).join(', ');
}

export function alreadyUsedMessage(
  u: { by: string; at: number; result: 'done' | 'cancelled'; runtimes: ServiceRuntime[] },
  tr: Translate,
): SlackMessage {
  const key = u.result === 'cancelled' ? 'slack.already_cancelled' : 'slack.already_done';
  const state = currentState(u.runtimes, tr);
  const mk = (at: string) => `${tr(key, { user: `<@${u.by}>`, at })} ${tr('slack.current_state', { state })}`;
  return message(mk(`${new Date(u.at).toISOString().slice(11, 16)} UTC`), [section(`${NOTE} ${mk(slackTime(u.at))}`)]);
}

export function staleMessage(runtimes: ServiceRuntime[], tr: Translate): SlackMessage {
  const text = `${tr('slack.stale_click')} ${tr('slack.current_state', { state: currentState(runtimes, tr) })}`;
  return message(text, [section(`${NOTE} ${esc(text)}`), context([tr('slack.stale_click_hint')])]);
}
