/**
 * What the incident buttons and the text modal carry, decoded only through these schemas. The incident row, not the
 * value, is the authority on state at click time: a click on a step that moved on is answered, not acted on.
 */
import { z } from 'zod';
import { RUNBOOK_ID } from '../../incidents/runbook-schema.js';
import { encodeValue, serviceName } from '../values.js';

export const INCIDENT_DONE_ACTION = 'incident_done';
export const INCIDENT_RUN_ACTION = 'incident_run';
export const INCIDENT_WRITE_ACTION = 'incident_write';
export const INCIDENT_LEAD_ACTION = 'incident_lead';
export const INCIDENT_RESOLVE_ACTION = 'incident_resolve';
export const INCIDENT_PICK_ACTION = 'incident_pick';
export const INCIDENT_SWITCH_BACK_ACTION = 'incident_switch_back';
export const INCIDENT_SKIP_ACTION = 'incident_skip';
export const INCIDENT_RENAME_ACTION = 'incident_rename';
/** callback_ids of the modals: a step's text, a skip's reason, a new title */
export const INCIDENT_TEXT_VIEW = 'incident_text';
export const INCIDENT_SKIP_VIEW = 'incident_skip';
export const INCIDENT_RENAME_VIEW = 'incident_rename';
export const INCIDENT_TEXT_BLOCK = 'text';
export const INCIDENT_TEXT_INPUT = 'value';

const incidentId = z.number().int().positive();
const stepId = z.string().regex(RUNBOOK_ID).max(64);

export const incidentButton = z.object({ inc: incidentId }).strict();
export const stepButton = z.object({ inc: incidentId, step: stepId }).strict();
export const serviceButton = z.object({ inc: incidentId, step: stepId, svc: serviceName }).strict();
/** private_metadata of the modal: which step, and the channel to answer in */
export const textModalMeta = z.object({ inc: incidentId, step: stepId, ch: z.string().max(64) }).strict();
/** private_metadata of the Rename modal */
export const renameModalMeta = z.object({ inc: incidentId, ch: z.string().max(64) }).strict();

export type StepButton = z.infer<typeof stepButton>;
export type ServiceButton = z.infer<typeof serviceButton>;
export type TextModalMeta = z.infer<typeof textModalMeta>;
export type RenameModalMeta = z.infer<typeof renameModalMeta>;

export const incidentValue = (inc: number) => encodeValue(incidentButton, { inc });
export const stepValue = (inc: number, step: string) => encodeValue(stepButton, { inc, step });
export const serviceValue = (inc: number, step: string, svc: string) => encodeValue(serviceButton, { inc, step, svc });
