/**
 * The incident modals: a step's text (Write / Edit, prefilled with the text kept so far), the reason of a Skip, and
 * a new title (Rename, prefilled with the current one). One multi-line or one-line input each. Pure.
 */
import type { ModalView } from '@slack/types';
import type { Locale } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { localize } from '../../incidents/text.js';
import type { Incident, IncidentStep } from '../../incidents/types.js';
import { clip, plain } from './blocks.js';
import {
  INCIDENT_RENAME_VIEW, INCIDENT_SKIP_VIEW, INCIDENT_TEXT_BLOCK, INCIDENT_TEXT_INPUT, INCIDENT_TEXT_VIEW, renameModalMeta, textModalMeta,
} from './incident-values.js';

const MODAL_TITLE = 24;
const LABEL = 2000;
const INPUT_MAX = 2900;
const TITLE_MAX = 150;

function modal(o: { callbackId: string; meta: object; title: string; label: string; hint: string; initial?: string | null; multiline: boolean; max: number; locale: Locale }): ModalView {
  const tr = translator(o.locale);
  return {
    type: 'modal',
    callback_id: o.callbackId,
    private_metadata: JSON.stringify(o.meta),
    title: plain(o.title, MODAL_TITLE),
    submit: plain(tr('incidents.modal_submit'), MODAL_TITLE),
    close: plain(tr('incidents.modal_close'), MODAL_TITLE),
    blocks: [
      {
        type: 'input',
        block_id: INCIDENT_TEXT_BLOCK,
        label: plain(o.label, LABEL),
        hint: plain(o.hint, LABEL),
        // Required in Slack's eyes would block an all-spaces submission client-side only; teachops checks it itself.
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: INCIDENT_TEXT_INPUT,
          multiline: o.multiline,
          max_length: o.max,
          ...(o.initial ? { initial_value: clip(o.initial, o.max) } : {}),
        },
      },
    ],
  };
}

export function textModal(inc: Incident, step: IncidentStep, channel: string, locale: Locale): ModalView {
  const tr = translator(locale);
  const meta = textModalMeta.parse({ inc: inc.id, step: step.id, ch: channel });
  return modal({ callbackId: INCIDENT_TEXT_VIEW, meta, title: tr('incidents.modal_title', { id: inc.id }), label: localize(step.title, locale), hint: tr('incidents.modal_hint'), initial: step.text, multiline: true, max: INPUT_MAX, locale });
}

export function skipModal(inc: Incident, step: IncidentStep, channel: string, locale: Locale): ModalView {
  const tr = translator(locale);
  const meta = textModalMeta.parse({ inc: inc.id, step: step.id, ch: channel });
  const label = tr('incidents.skip_label', { step: localize(step.title, locale) });
  return modal({ callbackId: INCIDENT_SKIP_VIEW, meta, title: tr('incidents.skip_title'), label, hint: tr('incidents.skip_hint'), multiline: true, max: INPUT_MAX, locale });
}

export function renameModal(inc: Incident, channel: string, locale: Locale): ModalView {
  const tr = translator(locale);
  const meta = renameModalMeta.parse({ inc: inc.id, ch: channel });
  return modal({ callbackId: INCIDENT_RENAME_VIEW, meta, title: tr('incidents.modal_title', { id: inc.id }), label: tr('incidents.rename_label'), hint: tr('incidents.rename_hint'), initial: inc.title, multiline: false, max: TITLE_MAX, locale });
}
