/**
 * The notification pipeline's shapes. The domain enqueues events (codes and parameters, never rendered text) through
 * the `Notifications` port; they are kept in ONE outbox; one delivery loop (delivery.ts) hands each to the notifier
 * of its destination (Slack, or the console), which renders it from the catalogue at that moment.
 *
 * An event names its subject ("alert:12", "incident:3", "notice"): delivery is in order per subject, so a thread
 * line never overtakes the message that opens its thread. How a notifier should show it is data too, so adapters
 * can render it as their medium allows:
 * - `line`: a named line of the subject's thread; a later event with the same line edits that message in place
 *   (automatic restart attempts as one line) instead of posting another;
 * - `broadcast`: a thread reply also shown in the channel (Slack's reply_broadcast), for news people must hear;
 * - `mention`: who must hear it, as ids (`U0123` a person, `S0123` a user group, `here`/`channel`), rendered by
 *   each adapter (a Slack mention, `@U0123` on the console), never pre-escaped text.
 */
import type { Clock } from '../clock.js';
import type { Background } from '../util/background.js';
import type { BackoffPolicy } from '../util/backoff.js';
import type { OutboxStore } from './outbox.js';

/** What an event is about, e.g. `alert:12`, `incident:3`, `notice`. */
export type Subject = string;

export interface OutboxEvent<K extends string = string, P = unknown> {
  subject: Subject;
  kind: K;
  params: P;
  line?: string;
  broadcast?: boolean;
  mention?: string[];
}

/** The port the domain reaches the pipeline through. */
export interface Notifications<E extends OutboxEvent = OutboxEvent> {
  enqueue(event: E): void;
}

/**
 * Where a row is:
 * - `pending`: not sent (or known not to have arrived); due at `next_at`;
 * - `sending`: a call is under way. Found at start-up, the process that made it died: it may have arrived;
 * - `maybe_sent`: the call may have reached the destination (timeout, reset connection, 5xx): it is looked up
 *   there before anything is sent again;
 * - `done`: the destination said ok (or the lookup found it); `failed`: refused for good, skipped.
 */
export type OutboxStatus = 'pending' | 'sending' | 'maybe_sent' | 'done' | 'failed';

export interface OutboxRow {
  id: number;
  subject: Subject;
  kind: string;
  params: Record<string, unknown>;
  line: string | null;
  broadcast: boolean;
  mention: string[];
  created_at: number;
  status: OutboxStatus;
  attempts: number;
  next_at: number;
  last_error: string | null;
  done_at: number | null;
  /** when the console mirror showed it (Slack delivers the same row later) */
  mirrored_at: number | null;
  /** where it landed: the destination and, for Slack, the message (channel + ts) it posted or edited */
  destination: string | null;
  ref_channel: string | null;
  ref_ts: string | null;
}

/** Where a message landed, so later events can edit it or reply under it. */
export interface MessageRef {
  channel: string;
  ts: string;
}

export type DeliveryResult =
  | { ok: true; ref?: MessageRef }
  /** Not sent, and known not to be (Slack answered no; connection refused): try again later. */
  | { ok: false; outcome: 'retry'; error: string; retryAfterMs?: number }
  /** The request may have taken effect (timeout, reset, 5xx): look it up before sending again. */
  | { ok: false; outcome: 'maybe_sent'; error: string }
  /** Refused for good (invalid blocks, unknown channel): logged, skipped, the rows behind it go on. */
  | { ok: false; outcome: 'permanent'; error: string }
  /** The destination refuses the credentials: nothing can be delivered until a person acts (or it works again). */
  | { ok: false; outcome: 'auth'; error: string; needed?: string };

/** Did a row that may have been sent arrive? 'unknown' when that cannot be told yet (destination unreachable). */
export type Reconciliation = { arrived: true; ref?: MessageRef } | { arrived: false } | 'unknown';

/** The credentials work again ('ok'), still do not ('auth'), or the destination cannot be asked ('unknown'). */
export type ProbeResult = 'ok' | 'auth' | 'unknown';

export interface Notifier {
  readonly name: string;
  deliver(row: OutboxRow): Promise<DeliveryResult>;
  /** for a row left `sending` or `maybe_sent`: look it up at the destination */
  reconcile(row: OutboxRow): Promise<Reconciliation>;
  /** after an auth failure: do the credentials work again? (Slack: auth.test) */
  probe?(): Promise<ProbeResult>;
}

/** How the delivery loop (delivery.ts) reports the destination's state (the app logs it once and shows it in `teach status`). */
export interface DeliveryHealth {
  unavailable(error: string, retryInMs: number): void;
  authFailed(error: string, needed?: string): void;
  recovered(): void;
  /** a row the destination refused for good */
  skipped(row: OutboxRow, error: string): void;
}

export interface DeliveryDeps {
  outbox: OutboxStore;
  clock: Clock;
  background: Background;
  notifier: Notifier;
  mirror?: Notifier;
  health: DeliveryHealth;
  /** false once the store is closed (shutdown): nothing more is read or marked */
  storeOpen: () => boolean;
  /** the loop's own errors (the store busy or locked ...): logged, and the pass is tried again shortly */
  log: (line: string) => void;
  /** how often to look for rows other processes added; default 1 s */
  pollMs?: number;
  retry?: BackoffPolicy;
  probe?: BackoffPolicy;
}
