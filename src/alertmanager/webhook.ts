/**
 * Alertmanager's webhook payload, version 4 (prometheus/alertmanager notify/webhook/webhook.go: `Message` embeds
 * template.Data): { version, groupKey, truncatedAlerts, receiver, status, alerts[], groupLabels, commonLabels,
 * commonAnnotations, externalURL }, each alert { status, labels, annotations, startsAt, endsAt, generatorURL,
 * fingerprint }. Checked with a schema before anything is recorded; every problem is reported with its path
 * (`alerts[3].fingerprint: ...`) so whoever points a sender at the bot can see what is wrong. Fields teachops does
 * not use (Grafana adds some) are ignored rather than refused.
 */
import { z } from 'zod';
import type { ReceivedAlert } from '../monitor/alertmanager.js';

/** More than Alertmanager's largest sensible group; `max_alerts` in its webhook_config caps it on its side. */
export const MAX_ALERTS = 10_000;
/** At most this many problems are listed in a 400 answer. */
const MAX_PROBLEMS = 10;

const labelSet = z.record(z.string(), z.string({ error: 'expected a string value' }));
const timestamp = z.string().refine((s) => Number.isFinite(Date.parse(s)), { error: 'expected an RFC 3339 time like "2024-05-01T12:00:00Z"' });

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved'], { error: 'expected "firing" or "resolved"' }),
  labels: labelSet,
  annotations: labelSet.optional(),
  startsAt: timestamp.optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  // Alertmanager's fingerprints are 16 hex digits; any short token of letters and digits is accepted.
  fingerprint: z.string({ error: 'expected the alert\'s fingerprint (a string)' }).regex(/^[0-9A-Za-z_-]{1,64}$/, { error: 'expected 1 to 64 letters, digits, "-" or "_"' }),
});

const messageSchema = z.object({
  version: z.literal('4', { error: 'expected "4" (Alertmanager\'s webhook payload version 4)' }),
  status: z.enum(['firing', 'resolved'], { error: 'expected "firing" or "resolved"' }),
  receiver: z.string(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  externalURL: z.string().optional(),
  alerts: z.array(alertSchema).max(MAX_ALERTS, { error: `expected at most ${MAX_ALERTS} alerts; set max_alerts in the webhook_config` }),
  groupLabels: labelSet.optional(),
  commonLabels: labelSet.optional(),
  commonAnnotations: labelSet.optional(),
});

export interface WebhookMessage {
  receiver: string;
  groupKey: string | null;
  /** alerts Alertmanager left out of this payload (webhook_config max_alerts) */
  truncatedAlerts: number;
  alerts: ReceivedAlert[];
}

export type WebhookParse = { ok: true; message: WebhookMessage } | { ok: false; problems: string[] };

/** `alerts[3].fingerprint` from zod's path. */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(body)';
}

/** http(s) only: anything else would not be a link people can follow (and some would be worse). */
function webUrl(s: string | undefined): string | null {
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export function parseWebhook(body: unknown): WebhookParse {
  const r = messageSchema.safeParse(body);
  if (!r.success) {
    const problems = r.error.issues.slice(0, MAX_PROBLEMS).map((i) => `${pathText(i.path)}: ${i.message}`);
    if (r.error.issues.length > MAX_PROBLEMS) problems.push(`… and ${r.error.issues.length - MAX_PROBLEMS} more`);
    return { ok: false, problems };
  }
  const m = r.data;
  const externalURL = webUrl(m.externalURL);
  return {
    ok: true,
    message: {
      receiver: m.receiver,
      groupKey: m.groupKey ?? null,
      truncatedAlerts: m.truncatedAlerts ?? 0,
      alerts: m.alerts.map((a) => ({
        fingerprint: a.fingerprint,
        status: a.status,
        labels: a.labels,
        annotations: a.annotations ?? {},
        startsAt: a.startsAt === undefined ? null : Date.parse(a.startsAt),
        generatorURL: webUrl(a.generatorURL),
        externalURL,
        receiver: m.receiver,
      })),
    },
  };
}
