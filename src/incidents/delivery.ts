/**
 * The incident outbox's delivery loop: strictly in order (a thread line never overtakes the message that creates
 * its thread), one item at a time, retried with backoff or the destination's Retry-After, marked done only when the
 * destination said ok. An item the destination refuses for good (invalid blocks, unknown channel) is logged and
 * passed over, so one bad item cannot block every incident behind it. Polls the store too, so items queued by
 * another process (`teach incident start`) go out without a kick. An item left in flight by a killed bot is looked up
 * at the destination first (`recover`): marked done if it arrived, sent if it did not, and left waiting (still in
 * flight) while that cannot be told, so it is never sent blind.
 */
import type { IncidentRepo } from '../store/incidents.js';
import type { OutboxItem } from '../store/incident-outbox.js';
import type { Recovery } from '../notify/types.js';

export type DeliveryResult = { ok: true; ts?: string } | { ok: false; error: string; permanent?: boolean; retryAfterMs?: number };

export interface DeliveryDeps {
  repo: IncidentRepo;
  deliver(item: OutboxItem): Promise<DeliveryResult>;
  /** did an item a dead process left in flight reach the destination? Without it, such an item is sent again. */
  recover?(item: OutboxItem): Promise<Recovery>;
  /** false while the destination cannot be reached yet (Slack not connected): items wait */
  ready(): boolean;
  /** wall-clock time for retry delays (network retries are not runbook deadlines) */
  now?: () => number;
  pollMs?: number;
  /** run before each pass (the deadline scheduler's sync) */
  onTick?: () => void;
  log?: (line: string) => void;
}

export interface DeliveryLoop {
  kick(): void;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;

export function startDelivery(deps: DeliveryDeps): DeliveryLoop {
  const now = deps.now ?? Date.now;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const backoff = (attempts: number) => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 5));

  /** 'send', 'done' (it had arrived: recorded) or 'wait' (cannot be told yet: retried later, still in flight). */
  const recover = async (item: OutboxItem): Promise<'send' | 'done' | 'wait'> => {
    let r: Recovery;
    try {
      r = deps.recover ? await deps.recover(item) : { delivered: false };
    } catch (e) {
      deps.log?.(`incident #${item.incident_id}: ${e instanceof Error ? e.message : String(e)}`);
      r = 'unknown';
    }
    if (r === 'unknown') {
      deps.repo.outbox.retry(item.id, 'in flight at start-up; destination not reachable', now() + backoff(item.attempts), true);
      return 'wait';
    }
    if (!r.delivered) return 'send';
    deps.repo.outbox.done(item.id, now(), r.ts ?? null);
    return 'done';
  };

  const pass = async (): Promise<void> => {
    deps.onTick?.();
    for (let item = deps.repo.outbox.head(); item && !stopped; item = deps.repo.outbox.head()) {
      if (!deps.ready() || item.next_at > now()) return;
      if (item.in_flight) {
        const next = await recover(item);
        if (next === 'wait') return;
        if (next === 'done') continue;
      }
      deps.repo.outbox.markInFlight(item.id);
      let r: DeliveryResult;
      try {
        r = await deps.deliver(item);
      } catch (e) {
        r = { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      if (r.ok) {
        deps.repo.outbox.done(item.id, now(), r.ts ?? null);
      } else if (r.permanent) {
        deps.log?.(`incident #${item.incident_id}: ${item.kind} could not be delivered (${r.error}); skipped`);
        deps.repo.outbox.giveUp(item.id, r.error, now());
      } else {
        const wait = r.retryAfterMs ?? backoff(item.attempts);
        deps.repo.outbox.retry(item.id, r.error, now() + wait);
        if (item.attempts === 0) deps.log?.(`incident #${item.incident_id}: ${item.kind} delivery failed (${r.error}); retrying`);
        return;
      }
    }
  };

  const kick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((e: unknown) => deps.log?.(`incident delivery: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          kick();
        }
      });
  };

  const timer = setInterval(kick, deps.pollMs ?? 500);
  timer.unref();
  kick();

  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
