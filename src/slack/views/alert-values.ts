/**
 * What the alert buttons carry: the alert id (and the service for Restart, the duration for Silence), decoded only
 * through these schemas. The alert row, not the value, is the authority on the alert's state at click time.
 */
import { z } from 'zod';
import { encodeValue, serviceName } from '../values.js';
import type { SilenceMode } from '../../store/alerts.js';

export const alertButton = z.object({ alert: z.number().int().positive(), svc: serviceName.optional() }).strict();
export const alertSilenceOption = z.object({ alert: z.number().int().positive(), for: z.enum(['1h', '4h', 'resolved']) }).strict();

export function alertButtonValue(alert: number, svc?: string): string {
  return encodeValue(alertButton, svc === undefined ? { alert } : { alert, svc });
}

/** Option values are limited to 150 characters; this one is under 40. */
export function silenceOptionValue(alert: number, mode: SilenceMode): string {
  return encodeValue(alertSilenceOption, { alert, for: mode });
}
