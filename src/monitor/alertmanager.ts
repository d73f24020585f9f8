/**
 * Alerts from Alertmanager in teachops' own lifecycle. Each Alertmanager alert (by fingerprint) is one teachops
 * alert, key `alertmanager:<fingerprint>`, raised, refreshed and resolved through the same AlertBook as teachops'
 * own (one Slack message, edited in place, its thread, re-notification, acknowledgement), with its labels,
 * annotations and links kept beside it (store.externalAlerts). No HTTP here: the receiver (src/app) parses the
 * webhook and hands over plain records; the silences are made at Alertmanager by the operations layer.
 *
 * Deliveries are idempotent: Alertmanager sends the same alert again at every repeat_interval and from every HA
 * replica, so a firing alert already active only refreshes its row, and a copy that arrives late (a firing of an
 * episode that already resolved, a resolution of an older episode) is told apart by its `startsAt` and ignored.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import type { AlertRow } from '../store/alerts.js';
import type { Store } from '../store/index.js';
import type { AlertBook, UnsilenceResult } from './book.js';

export interface ReceivedAlert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** epoch ms, or null when the source gave none */
  startsAt: number | null;
  generatorURL: string | null;
  /** Alertmanager's own UI (the payload's externalURL) */
  externalURL: string | null;
  receiver: string | null;
}

export interface ReceiveSummary {
  fired: number;
  reopened: number;
  refreshed: number;
  resolved: number;
  /** late copies and resolutions of alerts teachops never saw firing */
  ignored: number;
  /** until-resolved silences now owed an expiry at Alertmanager */
  expireDue: number;
}

/** What Alertmanager's API said, for the alerts teachops silenced there. */
export interface SourceView {
  /** when it was asked (epoch ms, before the requests went out): anything recorded later is not in it */
  at: number;
  /** fingerprints of the alerts it lists as active (silenced ones included) */
  listed: ReadonlySet<string>;
  /** silence id -> state (`active`, `pending`, `expired`); an id not here is gone */
  silences: ReadonlyMap<string, string>;
}

export const alertmanagerKey = (fingerprint: string): string => `alertmanager:${fingerprint}`;

/** The service of this host an alert names: label `service` a configured service, `host` absent or this host. */
export function localService(labels: Record<string, string>, config: Pick<Config, 'services'>, host: string): string | null {
  const svc = labels.service;
  if (svc === undefined || !Object.hasOwn(config.services, svc)) return null;
  return labels.host === undefined || labels.host === host ? svc : null;
}

/** The alert's one-line detail: its summary, else its description, else nothing. */
function detailOf(a: ReceivedAlert): string | null {
  const text = a.annotations.summary ?? a.annotations.description;
  return text === undefined || text.trim() === '' ? null : text.trim();
}

export interface AlertmanagerAlertsDeps {
  book: AlertBook;
  store: Store;
  clock: Clock;
  config: Pick<Config, 'services'>;
  /** this host's name as alerts' `host` label carries it (metrics.host, else the hostname) */
  host: string;
  /** how long an alert silenced by teachops may be missing from Alertmanager's list before it counts as resolved */
  goneAfterMs?: number;
}

export class AlertmanagerAlerts {
  /** alert id -> when it was first seen missing from Alertmanager's list (Prometheus resends within a minute) */
  private readonly missingSince = new Map<number, number>();

  constructor(private readonly d: AlertmanagerAlertsDeps) {}

  /** Alerts of one webhook, in one transaction: all recorded, or none (Alertmanager then retries the whole group). */
  receive(alerts: readonly ReceivedAlert[]): ReceiveSummary {
    const sum: ReceiveSummary = { fired: 0, reopened: 0, refreshed: 0, resolved: 0, ignored: 0, expireDue: 0 };
    this.d.store.db.transaction(() => {
      for (const a of alerts) this.one(a, sum);
    }).immediate();
    return sum;
  }

  private one(a: ReceivedAlert, sum: ReceiveSummary): void {
    const { store, book } = this.d;
    const key = alertmanagerKey(a.fingerprint);
    const active = store.alerts.activeByKey(key);
    const at = this.d.clock.now();
    if (a.status === 'resolved') {
      const ext = active ? store.externalAlerts.get(active.id) : undefined;
      if (!active || older(a.startsAt, ext?.starts_at)) return void sum.ignored++;
      if (this.resolve(active, 'alertmanager')) sum.expireDue++;
      store.externalAlerts.upsert(active.id, this.data(a), at);
      sum.resolved++;
      return;
    }
    if (!active) {
      const last = store.alerts.latestByKey(key);
      const ext = last ? store.externalAlerts.get(last.id) : undefined;
      // A firing of the episode that already resolved: a replica's or a retry's late copy, not a new firing.
      if (ext && a.startsAt !== null && ext.starts_at !== null && a.startsAt <= ext.starts_at) return void sum.ignored++;
    }
    const r = book.raise({
      kind: 'alertmanager',
      value: null,
      threshold: null,
      detail: detailOf(a),
      identity: { key, service: localService(a.labels, this.d.config, this.d.host), subject: a.labels.alertname ?? null },
    });
    store.externalAlerts.upsert(r.alert.id, this.data(a), at);
    if (r.created) sum.fired++;
    else if (r.reopened) sum.reopened++;
    else sum.refreshed++;
  }

  /** Resolves it; true when it held an until-resolved silence that Alertmanager must now be told to expire. */
  private resolve(alert: AlertRow, how: 'alertmanager' | 'alertmanager_gone'): boolean {
    const { store } = this.d;
    const ext = store.externalAlerts.get(alert.id);
    const owed = alert.silence === 'resolved' && ext?.silence_id != null;
    if (!this.d.book.resolve(alert.key, how)) return false;
    this.missingSince.delete(alert.id);
    if (owed) store.externalAlerts.markExpireDue(alert.id, this.d.clock.now());
    return owed;
  }

  /**
   * The alerts silenced through teachops, checked against Alertmanager's API: Alertmanager sends no notification for
   * a silenced alert, not even its resolution, so one it no longer lists (for `goneAfterMs`) has resolved; and a
   * silence someone expired there (amtool, its UI) or that ran out ends here too. Returns how many changed.
   */
  reconcile(view: SourceView): { resolved: number; unsilenced: number; expireDue: number } {
    const { store, book, clock } = this.d;
    const out = { resolved: 0, unsilenced: 0, expireDue: 0 };
    const at = clock.now();
    const goneAfter = this.d.goneAfterMs ?? 120_000;
    for (const ext of store.externalAlerts.activeSilenced('alertmanager')) {
      const alert = store.alerts.get(ext.alert_id);
      if (!alert || alert.state === 'resolved') continue;
      // Silenced (or delivered again) after the view was read: its silence may be missing from it; next round.
      if (ext.updated_at > view.at) continue;
      if (!view.listed.has(ext.fingerprint)) {
        const since = this.missingSince.get(alert.id) ?? at;
        this.missingSince.set(alert.id, since);
        if (at - since < goneAfter) continue;
        store.db.transaction(() => {
          if (this.resolve(alert, 'alertmanager_gone')) out.expireDue++;
        }).immediate();
        out.resolved++;
        continue;
      }
      this.missingSince.delete(alert.id);
      const state = view.silences.get(ext.silence_id!);
      if (state !== undefined && state !== 'expired') continue;
      store.db.transaction(() => {
        // Ended locally already when a timed silence ran out (the book's sweep): only the link goes.
        if (alert.silence !== null && book.unsilence(alert.id, 'teachops', 'silence_ended_upstream')?.status === 'unsilenced') out.unsilenced++;
        store.externalAlerts.setSilence(alert.id, null, at);
      }).immediate();
    }
    return out;
  }

  /** The silence was made at Alertmanager: recorded here with its id, or, when the alert resolved meanwhile, owed an expiry. */
  recordSilence(alertId: number, mode: '1h' | '4h' | 'resolved', who: string, silenceId: string): 'silenced' | 'resolved' {
    const { store, book, clock } = this.d;
    return store.db.transaction(() => {
      const r = book.silence(alertId, mode, who, { code: 'silenced_alertmanager', args: { who, silence: mode, silence_id: silenceId } });
      store.externalAlerts.setSilence(alertId, silenceId, clock.now());
      if (r?.status === 'silenced') return 'silenced' as const;
      store.externalAlerts.markExpireDue(alertId, clock.now());
      return 'resolved' as const;
    }).immediate();
  }

  /**
   * Alertmanager expired the silence at teachops' request: an operator's Unsilence (`who`; ends the silence here
   * too), or an until-resolved silence whose alert resolved (`who` null: only the link goes).
   */
  silenceExpired(alertId: number, who: string | null): UnsilenceResult | undefined {
    const { store, book, clock } = this.d;
    return store.db.transaction(() => {
      const r = who === null ? undefined : book.unsilence(alertId, who, 'unsilenced');
      store.externalAlerts.setSilence(alertId, null, clock.now());
      return r;
    }).immediate();
  }

  private data(a: ReceivedAlert) {
    return {
      source: 'alertmanager' as const,
      fingerprint: a.fingerprint,
      labels: a.labels,
      annotations: a.annotations,
      starts_at: a.startsAt,
      generator_url: a.generatorURL,
      external_url: a.externalURL,
      receiver: a.receiver,
    };
  }
}

/** A resolution whose episode began before the one teachops holds (a late copy from a replica or a retry). */
function older(startsAt: number | null, current: number | null | undefined): boolean {
  return startsAt !== null && current != null && startsAt < current;
}
