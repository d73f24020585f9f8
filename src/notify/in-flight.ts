/**
 * A row a dead process left `in_flight` may or may not have reached Slack. Ask the notifier (which looks the post up
 * by its metadata); mark it done if it did arrive, or let it be sent if it did not. When that cannot be told yet
 * (Slack unreachable), the row keeps its in-flight mark and waits, so it is never sent blind.
 */
import { errorMessage } from '../errors.js';
import type { AlertRow } from '../store/alerts.js';
import type { Store } from '../store/index.js';
import type { OutboxRow } from '../store/outbox.js';
import type { Clock } from '../clock.js';
import type { Notifier, Recovery } from './types.js';

export interface RecoverDeps {
  store: Store;
  clock: Clock;
  notifier: Notifier;
  log: (line: string) => void;
  backoff: (attempts: number) => number;
}

/** 'send' (not delivered, or already marked done: carry on) or the ms to wait before looking again. */
export async function recoverInFlight(d: RecoverDeps, row: OutboxRow, alert: AlertRow): Promise<'send' | number> {
  let r: Recovery;
  try {
    r = await d.notifier.recover(row, alert);
  } catch (e) {
    d.log(errorMessage(e));
    r = 'unknown';
  }
  if (r === 'unknown') {
    const wait = d.backoff(row.attempts);
    d.store.outbox.retryAt(row.id, d.clock.now() + wait, 'in flight at start-up; destination not reachable');
    d.store.outbox.markInFlight(row.id); // keep the "maybe sent" mark until it can be checked
    return wait;
  }
  if (r.delivered) d.store.outbox.markDone(row.id, d.clock.now(), r.ts ?? null);
  return 'send';
}
