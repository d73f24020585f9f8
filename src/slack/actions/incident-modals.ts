/**
 * The submissions of the incident modals: a step's text (Write), a skip's reason, a new title. Empty input keeps the
 * modal open with a field error (response_action: errors); otherwise the operation runs and the modal closes.
 */
import type { ViewRoute } from '../routes.js';
import { incidentsOf, renameIncident, skipStep, submitStepText } from '../../ops/incidents.js';
import {
  INCIDENT_RENAME_VIEW, INCIDENT_SKIP_VIEW, INCIDENT_TEXT_BLOCK, INCIDENT_TEXT_INPUT, INCIDENT_TEXT_VIEW, renameModalMeta, textModalMeta,
} from '../views/incident-values.js';
import { BadButtonValueError } from '../values.js';
import type { z } from 'zod';
import type { Interaction, Outcome } from '../context.js';
import type { MessageKey } from '../../i18n/index.js';

function meta<S extends z.ZodType>(schema: S, callbackId: string, raw: string): z.output<S> {
  try {
    return schema.parse(JSON.parse(raw));
  } catch {
    throw new BadButtonValueError(callbackId, 'unreadable private_metadata');
  }
}

function modalRoute<S extends z.ZodType<{ ch: string }>>(o: {
  callbackId: string;
  schema: S;
  empty: MessageKey;
  submit: (ix: Interaction, m: z.output<S>, text: string) => Promise<unknown>;
}): ViewRoute {
  return {
    callbackId: o.callbackId,
    channelOf: (raw) => {
      try {
        return meta(o.schema, o.callbackId, raw).ch;
      } catch {
        return '';
      }
    },
    async run(ix, view): Promise<Outcome & { errors?: Record<string, string> }> {
      const m = meta(o.schema, o.callbackId, view.privateMetadata);
      const text = view.values[INCIDENT_TEXT_BLOCK]?.[INCIDENT_TEXT_INPUT]?.value ?? '';
      if (text.trim() === '') return { outcome: 'refused', detail: 'empty text', errors: { [INCIDENT_TEXT_BLOCK]: ix.deps.tr(o.empty) } };
      await o.submit(ix, m, text);
      return { outcome: 'ok' };
    },
  };
}

export const incidentText = modalRoute({
  callbackId: INCIDENT_TEXT_VIEW,
  schema: textModalMeta,
  empty: 'incidents.err_empty_text',
  submit: (ix, m, text) => submitStepText(incidentsOf(ix.deps.ops), ix.actor, m.inc, m.step, text),
});

export const incidentSkipReason = modalRoute({
  callbackId: INCIDENT_SKIP_VIEW,
  schema: textModalMeta,
  empty: 'incidents.err_empty_reason',
  submit: (ix, m, text) => skipStep(incidentsOf(ix.deps.ops), ix.actor, m.inc, m.step, text),
});

export const incidentRenameTitle = modalRoute({
  callbackId: INCIDENT_RENAME_VIEW,
  schema: renameModalMeta,
  empty: 'incidents.err_empty_title',
  submit: (ix, m, text) => renameIncident(incidentsOf(ix.deps.ops), ix.actor, m.inc, text),
});
