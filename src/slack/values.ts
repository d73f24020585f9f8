/**
 * Button values: what a button carries to its click handler. Encoded as compact JSON; decoded only through a zod
 * schema, so a value from an old message or a tampered payload is refused with a clear error, never trusted.
 * Each action kind declares its schema next to its handler; the shared shapes live here.
 */
import { z } from 'zod';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import { SERVICE_NAME } from '../config/schema.js';
import { LIMITS } from './views/blocks.js';

export class BadButtonValueError extends TeachopsError {
  readonly code = 'bad_button_value';
  constructor(readonly actionId: string, reason: string) {
    super(t('en', 'slack.bad_value', { action: actionId, reason }), { hint: t('en', 'slack.bad_value_hint') });
  }
}

export const serviceName = z.string().regex(SERVICE_NAME).max(64);
export const target = z.union([serviceName, z.literal('all')]);
export const lifecycleAction = z.enum(['start', 'stop', 'restart']);

/** A button that acts once: its token row (store.buttons) holds kind, target and version; the value repeats them so
 * the message is self-describing and a mismatch with the row is detected. */
export const tokenButton = z
  .object({
    tok: z.string().regex(/^[0-9a-f]{16,64}$/),
    svc: target,
    ver: z.string().max(500),
    act: lifecycleAction.optional(),
  })
  .strict();
export type TokenButton = z.infer<typeof tokenButton>;

/** Refresh: re-renders the status of `svc` (or all when null) into the same message. */
export const refreshButton = z.object({ svc: serviceName.nullable() }).strict();
export type RefreshButton = z.infer<typeof refreshButton>;

export function encodeValue<S extends z.ZodType>(schema: S, value: z.input<S>): string {
  const checked = schema.parse(value);
  const s = JSON.stringify(checked);
  if (s.length > LIMITS.buttonValue) throw new Error(`button value of ${s.length} chars exceeds Slack's ${LIMITS.buttonValue}`);
  return s;
}

export function decodeValue<S extends z.ZodType>(schema: S, raw: string | undefined, actionId: string): z.output<S> {
  if (raw === undefined || raw === '') throw new BadButtonValueError(actionId, 'no value');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new BadButtonValueError(actionId, 'not JSON');
  }
  const r = schema.safeParse(json);
  if (!r.success) throw new BadButtonValueError(actionId, r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
  return r.data;
}
