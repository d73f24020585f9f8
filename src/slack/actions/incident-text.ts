/**
 * The Write modal's submission: empty text keeps the modal open with a field error (response_action: errors);
 * otherwise the text is kept in the step, which is done.
 */
import type { ViewRoute } from '../routes.js';
import { incidentsOf, submitStepText } from '../../ops/incidents.js';
import { INCIDENT_TEXT_BLOCK, INCIDENT_TEXT_INPUT, INCIDENT_TEXT_VIEW, textModalMeta, type TextModalMeta } from '../views/incident-values.js';
import { BadButtonValueError } from '../values.js';

function meta(raw: string): TextModalMeta {
  try {
    return textModalMeta.parse(JSON.parse(raw));
  } catch {
    throw new BadButtonValueError(INCIDENT_TEXT_VIEW, 'unreadable private_metadata');
  }
}

export const incidentText: ViewRoute = {
  callbackId: INCIDENT_TEXT_VIEW,
  channelOf: (raw) => {
    try {
      return meta(raw).ch;
    } catch {
      return '';
    }
  },
  async run(ix, view) {
    const m = meta(view.privateMetadata);
    const text = view.values[INCIDENT_TEXT_BLOCK]?.[INCIDENT_TEXT_INPUT]?.value ?? '';
    if (text.trim() === '') return { outcome: 'refused', detail: 'empty text', errors: { [INCIDENT_TEXT_BLOCK]: ix.deps.tr('incidents.err_empty_text') } };
    await submitStepText(incidentsOf(ix.deps.ops), ix.actor, m.inc, m.step, text);
    return { outcome: 'ok' };
  },
};
