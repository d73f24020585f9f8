/** One timeline event as a line for people: a thread reply in Slack, a row of the postmortem, a CLI line. */
import { assertNever } from '../errors.js';
import type { Locale } from '../config/types.js';
import { translator } from '../i18n/index.js';
import { localize, who, type WhoStyle } from './text.js';
import type { Incident, TimelineEvent } from './types.js';

/** `name` shows a person by name (the postmortem); by default as `style` says (a Slack mention, `@U0123`). */
export function eventText(e: TimelineEvent, inc: Incident, locale: Locale, style: WhoStyle, name?: (label: string) => string): string {
  const tr = translator(locale);
  const actor = name ? name(e.actor) : who(e.actor, style, locale);
  const stepTitle = (id: string | null) => {
    const s = inc.steps.find((x) => x.id === id);
    return s ? localize(s.title, locale) : (id ?? '');
  };
  const text = e.text ?? '';
  switch (e.kind) {
    case 'declared':
      // Lines written before renames kept their title carry none: the title it has now is the best there is.
      return tr('incidents.ev_declared', { who: actor, title: e.text ?? inc.title });
    case 'renamed':
      return tr('incidents.ev_renamed', { who: actor, title: text });
    case 'lead':
      return tr('incidents.ev_lead', { who: actor });
    case 'step_done':
      return text ? tr('incidents.ev_step_done_detail', { who: actor, step: stepTitle(e.step_id), detail: text }) : tr('incidents.ev_step_done', { who: actor, step: stepTitle(e.step_id) });
    case 'step_running':
      return tr('incidents.ev_step_running', { who: actor, step: stepTitle(e.step_id) });
    case 'step_failed':
      return tr('incidents.ev_step_failed', { step: stepTitle(e.step_id), detail: text });
    case 'step_skipped':
      return tr('incidents.ev_step_skipped', { who: actor, step: stepTitle(e.step_id), reason: text });
    case 'step_not_needed':
      return tr('incidents.ev_step_not_needed', { step: stepTitle(e.step_id), detail: text });
    case 'step_text':
      return tr('incidents.ev_step_text', { who: actor, step: stepTitle(e.step_id), text });
    case 'note':
      return e.step_id ? tr('incidents.ev_note_by_step', { who: actor, step: stepTitle(e.step_id), text }) : tr('incidents.ev_note_by', { who: actor, text });
    case 'action_note':
      return e.step_id ? tr('incidents.ev_note_step', { step: stepTitle(e.step_id), text }) : text;
    case 'alert_linked':
      return tr('incidents.ev_alert_linked', { key: text });
    case 'reminder': {
      const phase = inc.phases.find((p) => p.id === e.step_id);
      const open = text.split(',').filter(Boolean).map(stepTitle).join(', ');
      return tr('incidents.ev_reminder', { lead: actor, phase: phase ? localize(phase.title, locale) : (e.step_id ?? ''), steps: open });
    }
    case 'resolved':
      return tr('incidents.ev_resolved', { who: actor });
    default:
      return assertNever(e.kind, 'timeline event');
  }
}
