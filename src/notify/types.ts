/** How the outbox leaves the process: a notifier per destination, driven by the delivery loop (delivery.ts). */
import type { AlertRow } from '../store/alerts.js';
import type { OutboxRow } from '../store/outbox.js';

export type DeliveryResult =
  | { ok: true; ts?: string }
  /** `permanent`: sending it again cannot work (invalid blocks, unknown channel); it is logged and skipped */
  | { ok: false; error: string; permanent?: boolean; retryAfterMs?: number };

/** Did a row left in flight by a dead process reach its destination? 'unknown' when that cannot be told yet. */
export type Recovery = { delivered: true; ts?: string } | { delivered: false } | 'unknown';

export interface Notifier {
  readonly name: string;
  /** false while it cannot deliver yet (Slack configured but not connected): rows wait, nothing is lost */
  ready(): boolean;
  deliver(row: OutboxRow, alert: AlertRow): Promise<DeliveryResult>;
  recover(row: OutboxRow, alert: AlertRow): Promise<Recovery>;
}
