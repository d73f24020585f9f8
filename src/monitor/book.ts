/**
 * The alert lifecycle: firing -> acknowledged -> resolved, silences and re-notification. Every change is written to
 * the store (alert row + event) in one transaction with the events the notification port queues (codes and raw
 * parameters; a notifier renders them at delivery), so the bot, the CLI and a restarted bot all see the same
 * history. Used by the monitor (raise, resolve, notes) and by src/ops/alerts.ts (acknowledge, silence) in any process.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import type { AlertKind, AlertRow, OpenOutcome, Resolution, SilenceMode } from '../store/alerts.js';
import type { Store } from '../store/index.js';
import { assertNever } from '../errors.js';
import type { AlertNotifications } from './context.js';
import { alertSubject, type AlertLineCode, type LineArgs, type RenderReason } from './events.js';
import type { SnapshotSummary } from './snapshot.js';
import { alertIdentity } from './keys.js';
import { reopenWindow } from './reopen.js';

export interface RaiseSpec {
  kind: AlertKind;
  /** service name, or the mount of a disk alert */
  subject?: string;
  value: number | null;
  threshold: number | null;
  detail: string | null;
}

export type { RenderReason };
export type NoteParams = LineArgs;
export type AckResult = { status: 'acknowledged' | 'already' | 'resolved'; alert: AlertRow };
export type SilenceResult = { status: 'silenced' | 'resolved'; alert: AlertRow };

export const SILENCE_MS: Record<Exclude<SilenceMode, 'resolved'>, number> = { '1h': 3_600_000, '4h': 4 * 3_600_000 };

export interface AlertBookDeps {
  store: Store;
  clock: Clock;
  config: Config;
  /** where its notifications go (the outbox; the daemon's port also wakes delivery) */
  notifications: AlertNotifications;
  /** called with each newly fired alert (the monitor attaches a host snapshot) */
  onFired?: (alert: AlertRow) => void;
}

export class AlertBook {
  constructor(private readonly deps: AlertBookDeps) {}

  private get store(): Store {
    return this.deps.store;
  }

  private now(): number {
    return this.deps.clock.now();
  }

  /**
   * Opens the alert for this key, or refreshes the reading of the one already active (never a second message). A
   * key that fires again within its re-open window (reopen.ts) re-opens its last alert: the same message is edited
   * back to firing with its fire count, and the thread says so. Its acknowledgement does not carry over: it was
   * given for the episode that resolved, and whoever gave it must hear that the fix did not hold (re-notification
   * counts again from now). A timed silence still running does carry over: it was a promise about time, not about
   * the episode. No second host snapshot: the first one is in the thread, and flapping is when noise hurts most.
   */
  raise(spec: RaiseSpec): { alert: AlertRow; created: boolean; reopened: boolean } {
    const at = this.now();
    // One transaction: a bot killed midway leaves either nothing or the alert with its event and outbox rows, never
    // a re-opened alert whose message still says resolved.
    const r = this.store.transaction(() => this.record(spec, at));
    if (r.outcome === 'created') this.deps.onFired?.(r.alert);
    return { alert: r.alert, created: r.outcome === 'created', reopened: r.outcome === 'reopened' };
  }

  private record(spec: RaiseSpec, at: number): { alert: AlertRow; outcome: OpenOutcome } {
    const id = alertIdentity(spec.kind, spec.subject);
    const within = reopenWindow(this.deps.config, spec.kind, spec.subject);
    const r = this.store.alerts.open({ ...id, value: spec.value, threshold: spec.threshold, detail: spec.detail }, at, within);
    switch (r.outcome) {
      case 'active':
        this.store.alerts.updateReading(r.alert.id, spec.value, spec.detail, at);
        return { alert: this.store.alerts.get(r.alert.id)!, outcome: r.outcome };
      case 'reopened': {
        this.addNote(r.alert.id, 'reopened', 'teachops', 'reopened', { count: r.alert.fire_count, span_ms: at - r.alert.started_at });
        this.enqueue(r.alert.id, 'reopened');
        return r;
      }
      case 'created':
        this.store.alerts.addEvent({ alert_id: r.alert.id, at, type: 'fired', actor: 'teachops', text_key: null, params: {} });
        this.enqueue(r.alert.id, 'fired');
        return r;
      default:
        return assertNever(r.outcome, 'open outcome');
    }
  }

  active(key: string): AlertRow | undefined {
    return this.store.alerts.activeByKey(key);
  }

  /** Resolves the active alert of `key`, if any: edited in place, with a line in its thread. */
  resolve(key: string, resolution: Resolution, note: string | null = null): AlertRow | undefined {
    const alert = this.store.alerts.activeByKey(key);
    if (!alert) return undefined;
    const at = this.now();
    // One transaction, as in raise(): a bot killed midway must not leave a resolved alert whose message says firing.
    const done = this.store.transaction(() => {
      if (!this.store.alerts.resolve(alert.id, resolution, note, at)) return false;
      this.addNote(alert.id, 'resolved', 'teachops', 'resolved', { duration_ms: at - alert.fired_at, resolution, ...(note ? { note } : {}) });
      this.enqueue(alert.id, 'resolved');
      return true;
    });
    if (!done) return undefined;
    return this.store.alerts.get(alert.id);
  }

  acknowledge(id: number, who: string): AckResult | undefined {
    const before = this.store.alerts.get(id);
    if (!before) return undefined;
    if (before.state === 'resolved') return { status: 'resolved', alert: before };
    const acked = this.store.transaction(() => {
      if (!this.store.alerts.acknowledge(id, who, this.now())) return false;
      this.addNote(id, 'acknowledged', who, 'acknowledged', { who });
      this.enqueue(id, 'acknowledged');
      return true;
    });
    if (!acked) {
      const now = this.store.alerts.get(id)!;
      return { status: now.state === 'resolved' ? 'resolved' : 'already', alert: now };
    }
    return { status: 'acknowledged', alert: this.store.alerts.get(id)! };
  }

  silence(id: number, mode: SilenceMode, who: string): SilenceResult | undefined {
    const before = this.store.alerts.get(id);
    if (!before) return undefined;
    const at = this.now();
    const until = mode === 'resolved' ? null : at + SILENCE_MS[mode];
    const silenced =
      before.state !== 'resolved' &&
      this.store.transaction(() => {
        if (!this.store.alerts.silence(id, mode, until, who, at)) return false;
        this.addNote(id, 'silenced', who, 'silenced', { who, silence: mode });
        this.enqueue(id, 'silenced');
        return true;
      });
    if (!silenced) return { status: 'resolved', alert: this.store.alerts.get(id)! };
    return { status: 'silenced', alert: this.store.alerts.get(id)! };
  }

  /** A line in the alert's thread (restart scheduled, restarted, gave up ...), recorded as an event too. */
  note(alertId: number, code: AlertLineCode, params: NoteParams = {}): void {
    this.addNote(alertId, code, 'teachops', code, params);
  }

  /** The host snapshot taken when it fired: delivered in order with the alert's other records. */
  attachSnapshot(alertId: number, snapshot: SnapshotSummary): void {
    this.deps.notifications.enqueue({ subject: alertSubject(alertId), kind: 'alert.snapshot', params: snapshot });
  }

  /** Re-notifies unacknowledged, unsilenced alerts every `alerts.repeat_after`; ends timed silences. */
  sweep(): void {
    const at = this.now();
    const every = this.deps.config.alerts.repeat_after;
    for (const a of this.store.alerts.active()) {
      if (a.silence !== null && a.silence !== 'resolved' && a.silenced_until !== null && a.silenced_until <= at) {
        this.store.alerts.clearSilence(a.id, at);
        this.store.alerts.markNotified(a.id, at);
        this.addNote(a.id, 'silence_ended', 'teachops', 'silence_ended', {});
        this.enqueue(a.id, 'silence_ended');
        continue;
      }
      if (a.state !== 'firing' || a.silence !== null || at - a.last_notified_at < every) continue;
      this.store.alerts.markNotified(a.id, at);
      this.store.alerts.addEvent({ alert_id: a.id, at, type: 'renotified', actor: 'teachops', text_key: null, params: {} });
      this.deps.notifications.enqueue({ subject: alertSubject(a.id), kind: 'alert.renotify', params: { duration_ms: at - a.fired_at } });
    }
  }

  private addNote(alertId: number, type: string, actor: string, code: AlertLineCode, args: NoteParams): void {
    const at = this.now();
    this.store.alerts.addEvent({ alert_id: alertId, at, type, actor, text_key: `alerts.note_${code}`, params: args });
    this.deps.notifications.enqueue({ subject: alertSubject(alertId), kind: 'alert.line', params: { code, args } });
  }

  /** "Render the alert as it is now"; `reason` lets a console notifier print the firing once and the rest as notes. */
  private enqueue(alertId: number, reason: RenderReason): void {
    this.deps.notifications.enqueue({ subject: alertSubject(alertId), kind: 'alert.message', params: { reason } });
  }
}
