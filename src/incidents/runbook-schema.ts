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
    optional: z.boolean().optional().describe('true: the step never holds its phase open and is never in a reminder (it can still be done)'),
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
      .describe('when this phase is complete (not by skipping all of it), the incident counts as recovered / its root cause as found'),
    steps: z.array(stepSchema).describe('the checklist of this phase (at least one)'),
  })
  .strict();

/** Who a post can mention: Slack ids (a person, a user group) or a special mention, bare or as Slack markup. */
export const MENTION = /^(?:[UW][A-Z0-9]{2,}|S[A-Z0-9]{2,}|here|channel|everyone|<@[UW][A-Z0-9]{2,}>|<!subteam\^S[A-Z0-9]{2,}(?:\|[^<>]*)?>|<!(?:here|channel|everyone)>)$/;
const mention = z.string().regex(MENTION, {
  error: 'expected a Slack user id (U0123ABCD), a user group id (S0123ABCD), here, channel, or Slack markup like "<!subteam^S0123ABCD>" (names like @alice cannot be mentioned by a bot)',
});

export const runbookSchema = z
  .object({
    phases: z.array(phaseSchema).describe('in order; each with its deadline and steps'),
    notify: z
      .object({
        channel: z
          .string()
          .regex(/^[CG][A-Z0-9]{2,}$/, { error: 'expected a Slack channel id like "C0123ABCD" (channel details in Slack show it)' })
          .nullable()
          .prefault(null)
          .describe('Slack channel id the notify step posts the incident summary to; null: the alerts channel (alerts.channel), where the incident is'),
        mention: z.array(mention).prefault([]).describe('who that post mentions: user ids (U0123ABCD), user group ids (S0123ABCD), here or channel'),
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
