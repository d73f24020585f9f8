/** The modal behind a step's Write button: one multi-line input, prefilled with the text kept so far. Pure. */
import type { ModalView } from '@slack/types';
import type { Locale } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { localize } from '../../incidents/text.js';
import type { Incident, IncidentStep } from '../../incidents/types.js';
import { clip, plain } from './blocks.js';
import { INCIDENT_TEXT_BLOCK, INCIDENT_TEXT_INPUT, INCIDENT_TEXT_VIEW, textModalMeta } from './incident-values.js';

const MODAL_TITLE = 24;
const LABEL = 2000;
const INPUT_MAX = 2900;

export function textModal(inc: Incident, step: IncidentStep, channel: string, locale: Locale): ModalView {
  const tr = translator(locale);
  const meta = textModalMeta.parse({ inc: inc.id, step: step.id, ch: channel });
  return {
    type: 'modal',
    callback_id: INCIDENT_TEXT_VIEW,
    private_metadata: JSON.stringify(meta),
    title: plain(tr('incidents.modal_title', { id: inc.id }), MODAL_TITLE),
    submit: plain(tr('incidents.modal_submit'), MODAL_TITLE),
    close: plain(tr('incidents.modal_close'), MODAL_TITLE),
    blocks: [
      {
        type: 'input',
        block_id: INCIDENT_TEXT_BLOCK,
        label: plain(localize(step.title, locale), LABEL),
        hint: plain(tr('incidents.modal_hint'), LABEL),
        // Required in Slack's eyes would block an all-spaces submission client-side only; teachops checks it itself.
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: INCIDENT_TEXT_INPUT,
          multiline: true,
          max_length: INPUT_MAX,
          ...(step.text ? { initial_value: clip(step.text, INPUT_MAX) } : {}),
        },
      },
    ],
  };
}
