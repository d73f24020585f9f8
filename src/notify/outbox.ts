/**
 * What the pipeline needs of the place rows are kept, and the `Notifications` port the domain enqueues through.
 *
 * `OutboxStore` is the one seam between the pipeline and SQLite (src/store/outbox.ts implements it): the port
 * appends through it and the delivery loop reads and marks rows through it, nothing else touches the table. A
 * later change can wrap it to keep rows in memory while the store is unwritable (disk full, database locked,
 * read-only) and write them when it accepts writes again: `append` would catch the store's SQLITE_FULL / BUSY /
 * READONLY / IOERR, hand out a provisional (negative) id and hold the row; `heads`/`unmirrored`/`get` would merge
 * held rows (by creation time) with stored ones; the `mark*` calls on a held row would change it in memory; and
 * each delivery pass would first try to write held rows back (a held row already delivered is written `done`).
 */
import type { MessageRef, Notifications, OutboxEvent, OutboxRow, Subject } from './types.js';

export interface OutboxStore {
  append(event: OutboxEvent, at: number): number;
  get(id: number): OutboxRow | undefined;
  /** the oldest undelivered row of each subject, oldest first: what may be delivered next */
  heads(): OutboxRow[];
  /** undelivered rows the console mirror has not shown yet, oldest first */
  unmirrored(): OutboxRow[];
  /** a later undelivered row of the same subject and kind (a re-render that would show the same) */
  laterPending(row: OutboxRow): boolean;
  /** where the last delivered row of this named line landed (to edit it in place) */
  lineRef(subject: Subject, line: string): MessageRef | undefined;
  markMirrored(id: number, at: number): void;
  /** a call is under way: until it ends, a crash leaves the row "maybe sent" */
  markSending(id: number): void;
  markDone(id: number, at: number, destination: string, ref?: MessageRef): void;
  markMaybeSent(id: number, nextAt: number, error: string): void;
  /** not sent: due again at `nextAt`; `count` false when the attempt says nothing about the row (auth stop) */
  retryAt(id: number, nextAt: number, error: string, count?: boolean): void;
  markFailed(id: number, at: number, error: string): void;
  /** highest row id, for a cheap "did another process add rows?" poll */
  lastId(): number;
  pendingCount(): number;
}

/**
 * The port over an outbox: appends (inside the caller's transaction when there is one: better-sqlite3
 * transactions are synchronous) and tells the delivery loop after the caller's code has run, so nothing that was
 * rolled back is delivered.
 */
export function outboxNotifications<E extends OutboxEvent>(outbox: Pick<OutboxStore, 'append'>, now: () => number, onEnqueue?: () => void): Notifications<E> {
  return {
    enqueue(event) {
      outbox.append(event, now());
      if (onEnqueue) queueMicrotask(onEnqueue);
    },
  };
}
