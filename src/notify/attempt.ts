/**
 * One delivery attempt of one row, as the delivery loop sees it. A row that may already have arrived (left
 * `sending` by a dead process, or `maybe_sent` after a timeout, reset or 5xx) is looked up at the destination
 * first, and sent only when it is not there: exactly one visible message per post. Marks `sending` before the call,
 * `done` only on the notifier's ok, `failed` when it refused the row for good; waiting is the loop's decision.
 */
import { errorMessage } from '../errors.js';
import type { OutboxStore } from './outbox.js';
import type { DeliveryResult, Notifier, OutboxRow } from './types.js';

export type AttemptOutcome =
  | { kind: 'done' }
  | { kind: 'skipped'; error: string }
  | { kind: 'auth'; error: string; needed?: string }
  /** the destination failed: the row waits (`as`), and so does delivery, for the backoff or Retry-After */
  | { kind: 'wait'; as: 'pending' | 'maybe_sent'; error: string; retryAfterMs?: number }
  /** the store closed under the attempt (shutdown): nothing more is marked */
  | { kind: 'closed' };

export interface AttemptDeps {
  outbox: OutboxStore;
  notifier: Notifier;
  now: () => number;
  storeOpen: () => boolean;
}

export async function attemptRow(d: AttemptDeps, row: OutboxRow): Promise<AttemptOutcome> {
  const { outbox, notifier } = d;
  if (row.status === 'sending' || row.status === 'maybe_sent') {
    const r = await notifier.reconcile(row).catch(() => 'unknown' as const);
    if (!d.storeOpen()) return { kind: 'closed' };
    if (r === 'unknown') return { kind: 'wait', as: 'maybe_sent', error: 'could not look up whether it arrived' };
    if (r.arrived) {
      outbox.markDone(row.id, d.now(), notifier.name, r.ref);
      return { kind: 'done' };
    }
  }
  outbox.markSending(row.id);
  let result: DeliveryResult;
  try {
    result = await notifier.deliver(row);
  } catch (e) {
    // A throw from our own code, not an answer from the destination: the call may have gone out.
    result = { ok: false, outcome: 'maybe_sent', error: errorMessage(e) };
  }
  if (!d.storeOpen()) return { kind: 'closed' };
  if (result.ok) {
    outbox.markDone(row.id, d.now(), notifier.name, result.ref);
    return { kind: 'done' };
  }
  switch (result.outcome) {
    case 'permanent':
      outbox.markFailed(row.id, d.now(), result.error);
      return { kind: 'skipped', error: result.error };
    case 'auth':
      // Says nothing about the row: it is due again as soon as the credentials work.
      outbox.retryAt(row.id, d.now(), result.error, false);
      return { kind: 'auth', error: result.error, ...(result.needed ? { needed: result.needed } : {}) };
    case 'retry':
      return { kind: 'wait', as: 'pending', error: result.error, ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}) };
    case 'maybe_sent':
      return { kind: 'wait', as: 'maybe_sent', error: result.error };
  }
}
