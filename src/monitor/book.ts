/**
 * The alert lifecycle: firing -> acknowledged -> resolved, re-firing, escalation, silences and re-notification.
 * Every change is written to the store (alert row + event) in one transaction with the events the notification
 * port queues (codes and raw parameters; a notifier renders them at delivery), so the bot, the CLI and a restarted
 * bot all see the same history. Who must hear a change is decided here (announce.ts), as `mention` / `broadcast`
 * on the events. Used by the monitor (raise, resolve, escalate, notes) and by src/ops/alerts.ts (acknowledge,
 * silence, unsilence, the Restart button's lines) in any process.
 */
import type { AlertCause, AlertRow, OpenOutcome, Resolution, SilenceMode } from '../store/alerts.js';
import type { Store } from '../store/index.js';
import { assertNever } from '../errors.js';
import { announceRefire, whoMustHear } from './announce.js';
import { sweepAlerts } from './renotify.js';
import { SILENCE_MS, type AckResult, type AlertBookDeps, type NoteParams, type RaiseSpec, type SilenceResult, type UnsilenceResult } from './book-types.js';
import { AlertEmitter, type LineOptions } from './book-emit.js';
import { alertSubject, type AlertLineCode, type RenderReason } from './events.js';
import type { SnapshotSummary } from './snapshot.js';
import { alertIdentity } from './keys.js';
import { reopenWindow } from './reopen.js';

export { SILENCE_MS, type AckResult, type AlertBookDeps, type NoteParams, type RaiseSpec, type SilenceResult, type UnsilenceResult } from './book-types.js';
export type { LineOptions, RenderReason };

/** Resolutions whose own thread line already says it (the restarts line, the Restart button's line). */
const SAID_BY_THEIR_LINE: readonly Resolution[] = ['restarted', 'operator_restart'];

export class AlertBook {
  private readonly emit: AlertEmitter;

  constructor(private readonly deps: AlertBookDeps) {
    this.emit = new AlertEmitter(deps);
  }

  private get store(): Store {
    return this.deps.store;
  }

  private now(): number {
    return this.deps.clock.now();
  }

  /**
   * One transaction: a process killed midway leaves the change with its event and outbox rows, or nothing. Through
   * the store, so a database that refuses writes has the whole change held in memory instead (src/store/pending.ts).
   */
  private atomically<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  /**
   * Opens the alert for this key, or refreshes the reading of the one already active (never a second message). A
   * key that fires again within its re-open window (reopen.ts) re-opens its last alert: the same message turns back
   * to firing, and the re-firing is announced (announce.ts). Its acknowledgement does not carry over: it was given
   * for the episode that resolved, and whoever gave it is mentioned. A timed silence still running does carry over.
   * No second host snapshot: the first one is in the thread, and flapping is when noise hurts most.
   */
  raise(spec: RaiseSpec): { alert: AlertRow; created: boolean; reopened: boolean } {
    const r = this.atomically(() => this.record(spec, this.now()));
    if (r.outcome === 'created') this.deps.onFired?.(r.alert);
    return { alert: r.alert, created: r.outcome === 'created', reopened: r.outcome === 'reopened' };
  }

  private record(spec: RaiseSpec, at: number): { alert: AlertRow; outcome: OpenOutcome } {
    const id = spec.identity ? { ...spec.identity, kind: spec.kind } : alertIdentity(spec.kind, spec.subject);
    const within = reopenWindow(this.deps.config, spec.kind, spec.subject);
    const r = this.store.alerts.open({ ...id, value: spec.value, threshold: spec.threshold, detail: spec.detail, cause: spec.cause ?? {} }, at, within);
    switch (r.outcome) {
      case 'active':
        this.store.alerts.updateReading(r.alert.id, spec.value, spec.detail, at);
        if (spec.cause) this.store.alerts.addCause(r.alert.id, spec.cause, at);
        return { alert: this.store.alerts.get(r.alert.id)!, outcome: r.outcome };
      case 'reopened':
        announceRefire({ store: this.store, config: this.deps.config, emit: this.emit }, r.alert, at);
        return r;
      case 'created':
        this.store.alerts.addEvent({ alert_id: r.alert.id, at, type: 'fired', actor: 'teachops', text_key: null, params: {} });
        this.emit.render(r.alert.id, 'fired', this.deps.config.alerts.escalate_to);
        return r;
      default:
        return assertNever(r.outcome, 'open outcome');
    }
  }

  active(key: string): AlertRow | undefined {
    return this.store.alerts.activeByKey(key);
  }

  /** Resolves the active alert of `key`, if any: edited in place, with a line in its thread unless one says it. */
  resolve(key: string, resolution: Resolution, note: string | null = null): AlertRow | undefined {
    const alert = this.store.alerts.activeByKey(key);
    if (!alert) return undefined;
    const at = this.now();
    const done = this.atomically(() => {
      if (!this.store.alerts.resolve(alert.id, resolution, note, at)) return false;
      const params = { duration_ms: at - alert.fired_at, resolution, ...(note ? { note } : {}) };
      this.store.alerts.addEvent({ alert_id: alert.id, at, type: 'resolved', actor: 'teachops', text_key: 'alerts.note_resolved', params });
      // The line first: once the message says resolved, its thread says how.
      if (!SAID_BY_THEIR_LINE.includes(resolution)) this.emit.line(alert.id, 'resolved', params);
      this.emit.render(alert.id, 'resolved');
      return true;
    });
    return done ? this.store.alerts.get(alert.id) : undefined;
  }

  acknowledge(id: number, who: string): AckResult | undefined {
    const before = this.store.alerts.get(id);
    if (!before) return undefined;
    if (before.state === 'resolved') return { status: 'resolved', alert: before };
    const acked = this.atomically(() => this.change(id, who, 'acknowledged', { code: 'acknowledged', args: { who } }, () => this.store.alerts.acknowledge(id, who, this.now())));
    const now = this.store.alerts.get(id)!;
    if (acked) return { status: 'acknowledged', alert: now };
    return { status: now.state === 'resolved' ? 'resolved' : 'already', alert: now };
  }

  /** `note`: the thread line instead of "Silenced by ..." (a silence made at the alert's source names its id). */
  silence(id: number, mode: SilenceMode, who: string, note?: { code: AlertLineCode; args: NoteParams }): SilenceResult | undefined {
    const before = this.store.alerts.get(id);
    if (!before) return undefined;
    const until = mode === 'resolved' ? null : this.now() + SILENCE_MS[mode];
    const line = note ?? { code: 'silenced' as const, args: { who, silence: mode } };
    const silenced = before.state !== 'resolved' && this.atomically(() => this.change(id, who, 'silenced', line, () => this.store.alerts.silence(id, mode, until, who, this.now())));
    return { status: silenced ? 'silenced' : 'resolved', alert: this.store.alerts.get(id)! };
  }

  /**
   * Ends a silence before its time: an operator's Unsilence (`unsilenced`), or the silence teachops made at the
   * alert's source ended there (`silence_ended_upstream`). Notifications resume, re-notification counts from now.
   */
  unsilence(id: number, who: string, code: 'unsilenced' | 'silence_ended_upstream' = 'unsilenced'): UnsilenceResult | undefined {
    const before = this.store.alerts.get(id);
    if (!before) return undefined;
    if (before.state === 'resolved') return { status: 'resolved', alert: before };
    const type = code === 'unsilenced' ? 'unsilenced' : 'silence_ended';
    const lifted = this.atomically(() =>
      this.change(id, who, type, { code, args: code === 'unsilenced' ? { who } : {} }, () => {
        if (!this.store.alerts.unsilence(id, this.now())) return false;
        this.store.alerts.markNotified(id, this.now());
        return true;
      }),
    );
    return { status: lifted ? 'unsilenced' : 'not_silenced', alert: this.store.alerts.get(id)! };
  }

  /** A state change by a person: the row, its event, the message re-rendered and a line in the thread. */
  private change(id: number, who: string, type: 'acknowledged' | 'silenced' | 'unsilenced' | 'silence_ended', line: { code: AlertLineCode; args: NoteParams }, apply: () => boolean): boolean {
    if (!apply()) return false;
    this.emit.note(id, type, who, line.code, line.args);
    this.emit.render(id, type);
    return true;
  }

  /**
   * The restart policy gave up: the service's alert escalates to a crash loop (its header says so) and one line,
   * broadcast to the channel, mentions who must hear it. No second alert for the same fault.
   */
  escalate(alertId: number, restarts: NonNullable<AlertCause['restarts']>, args: NoteParams): void {
    this.atomically(() => {
      const at = this.now();
      if (!this.store.alerts.escalate(alertId, 'crash_loop', at)) return;
      this.store.alerts.addCause(alertId, { restarts }, at);
      this.emit.render(alertId, 'escalated');
      const lastAck = this.store.alerts.lastEvent(alertId, ['acknowledged']);
      this.emit.note(alertId, 'gave_up', 'teachops', 'gave_up', args, { broadcast: true, mention: whoMustHear(this.deps.config, lastAck) });
    });
  }

  /** What is newly known about the cause; the message is edited to show it (nothing when it was known already). */
  addCause(alertId: number, cause: AlertCause): void {
    this.atomically(() => {
      if (this.store.alerts.addCause(alertId, cause, this.now())) this.emit.render(alertId, 'cause');
    });
  }

  /** A line in the alert's thread (restarts, the Restart button, an incident ...), recorded as an event too. */
  note(alertId: number, code: AlertLineCode, params: NoteParams = {}, how: LineOptions = {}, actor = 'teachops'): void {
    this.emit.note(alertId, code, actor, code, params, how);
  }

  /** The host snapshot taken when it fired: delivered in order with the alert's other records. */
  attachSnapshot(alertId: number, snapshot: SnapshotSummary): void {
    // Kept with the alert too: an incident's postmortem shows the host as it was when its first alert fired.
    this.store.alerts.setSnapshot(alertId, snapshot);
    this.deps.notifications.enqueue({ subject: alertSubject(alertId), kind: 'alert.snapshot', params: snapshot });
  }

  /** Re-notifies unacknowledged, unsilenced alerts every `alerts.repeat_after`; ends timed silences. */
  sweep(): void {
    sweepAlerts({ store: this.store, config: this.deps.config, emit: this.emit }, this.now());
  }

}
