/**
 * The runbook.yaml contract, declared once with descriptions and defaults (like services.yaml). `run` is a plain
 * string here on purpose: an unknown action is reported by a rule with a "did you mean", not by zod's enum message.
 */
import { z } from 'zod';
import { duration } from '../config/schema.js';

/** The built-in step actions; each one is implemented in src/incidents/actions/. */
export const RUN_ACTIONS = ['status', 'restart-failed', 'fallback', 'verify', 'notify'] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

export const RUNBOOK_ID = /^[a-z][a-z0-9-]*$/;
const id = z.string().regex(RUNBOOK_ID, { error: 'expected an id like "restart" (a lowercase letter, then lowercase letters, digits or dashes)' });

/** A title in one language, a catalogue key (`incidents.title_scope`), or one text per locale. */
export const localizedText = z.union([
  z.string().min(1),
  z.object({ en: z.string().min(1).describe('English'), 'zh-CN': z.string().min(1).optional().describe('Simplified Chinese') }).strict(),
]);

export const stepSchema = z
  .object({
    id: id.describe('unique in the runbook; shown in the timeline'),
    title: localizedText.describe('what the step asks for'),
    run: z.string().optional().describe(`built-in action the Run button performs: ${RUN_ACTIONS.join(', ')}`),
    input: z.enum(['text']).optional().describe('text: the Write button opens a form; the text is kept in the incident'),
  })
  .strict();

export const phaseSchema = z
  .object({
    id: id.describe('unique in the runbook'),
    title: localizedText.describe('shown above its steps'),
    due: duration('15m', 'deadline, counted from the declaration of the incident'),
    milestone: z
      .enum(['recovered', 'root_cause'])
      .optional()
      .describe('when every step of this phase is done, the incident counts as recovered / its root cause as found'),
    steps: z.array(stepSchema).describe('the checklist of this phase (at least one)'),
  })
  .strict();

export const runbookSchema = z
  .object({
    phases: z.array(phaseSchema).describe('in order; each with its deadline and steps'),
    notify: z
      .object({
        channel: z.string().nullable().prefault(null).describe('Slack channel the notify action posts the incident summary to; null: alerts.channel'),
        mention: z.array(z.string()).prefault([]).describe('mentions added to that post, e.g. "<!subteam^S0123>"'),
      })
      .strict()
      .prefault({})
      .describe('who the notify action tells'),
  })
  .strict();

export type RawRunbook = z.output<typeof runbookSchema>;
export type LocalizedText = z.output<typeof localizedText>;

export function isRunAction(x: unknown): x is RunAction {
  return typeof x === 'string' && (RUN_ACTIONS as readonly string[]).includes(x);
}
