/**
 * The question before `stop` and anything on `all`: an ephemeral message with a Confirm button that opens a
 * Block Kit confirm dialog, and a Cancel button. Both carry the same single-use token. Pure.
 */
import type { LifecycleAction } from '../../supervisor/types.js';
import type { Translate } from '../../i18n/index.js';
import { assertNever } from '../../errors.js';
import { actions, button, confirmDialog, message, section, type SlackMessage } from './blocks.js';
import { WARN } from './emoji.js';
import { targetLabel } from './lifecycle.js';

export const CONFIRM_ACTION = 'teach.lifecycle.confirm';
export const CANCEL_ACTION = 'teach.lifecycle.cancel';

export function questionText(action: LifecycleAction, target: string, tr: Translate): string {
  const p = { target: targetLabel(target, tr) };
  switch (action) {
    case 'start':
      return tr('slack.confirm_start', p);
    case 'stop':
      return tr('slack.confirm_stop', p);
    case 'restart':
      return tr('slack.confirm_restart', p);
    default:
      return assertNever(action, 'lifecycle action');
  }
}

export function confirmMessage(q: { action: LifecycleAction; target: string; value: string }, tr: Translate): SlackMessage {
  const question = questionText(q.action, q.target, tr);
  const label = tr('slack.button_confirm', { action: tr(`slack.verb_${q.action}`), target: targetLabel(q.target, tr) });
  return message(question, [
    section(`${WARN} ${question}`),
    actions('confirm_actions', [
      button({
        actionId: CONFIRM_ACTION,
        text: label,
        value: q.value,
        style: 'danger',
        confirm: confirmDialog({ title: tr('slack.dialog_title'), text: question, confirm: label, deny: tr('slack.button_cancel'), danger: true }),
      }),
      button({ actionId: CANCEL_ACTION, text: tr('slack.button_cancel'), value: q.value }),
    ]),
  ]);
}

export function confirmClosedMessage(text: string): SlackMessage {
  return message(text, [section(text)]);
}
