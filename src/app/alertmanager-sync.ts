/**
 * What teachops must ask Alertmanager because Alertmanager will not tell it: it sends no notification for a
 * silenced alert, not even its resolution, so the alerts teachops silenced there are checked against its API
 * every `everyMs` (resolved when it no longer lists them; unsilenced here when someone expired their silence
 * there); and until-resolved silences of alerts that resolved are expired there, retried until Alertmanager
 * takes it. Runs only when ALERTMANAGER_URL is set, and asks nothing while no alert holds such a silence.
 */
import type { AlertmanagerApi } from '../alertmanager/api.js';
import type { Clock } from '../clock.js';
import { formatDuration } from '../config/units.js';
import { errorMessage } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import type { AlertmanagerAlerts } from '../monitor/alertmanager.js';
import type { Store } from '../store/index.js';
import type { Background } from '../util/background.js';

export interface AlertmanagerSync {
  start(): void;
  /** a round now (after the one in progress) */
  kick(): void;
  /** resolves when no round is running */
  idle(): Promise<void>;
  stop(): void;
}

export function createAlertmanagerSync(d: {
  api: AlertmanagerApi;
  alerts: AlertmanagerAlerts;
  store: Store;
  clock: Clock;
  background: Background;
  log: (l: string) => void;
  tr: Translate;
  everyMs: number;
}): AlertmanagerSync {
  const every = formatDuration(d.everyMs);
  let failing = false;
  /** alert ids whose failed expiry was already said (said once each) */
  const expireSaid = new Set<number>();
  let running: Promise<void> | undefined;
  let again = false;
  let stopEvery: (() => void) | undefined;
  let stopped = false;

  const expireOwed = async () => {
    for (const ext of d.store.externalAlerts.expireDue()) {
      if (stopped || !d.store.db.open) return;
      const silence = ext.silence_id!;
      try {
        await d.api.expireSilence(silence, { kind: 'unsilence', alert: ext.alert_id, silence });
        if (d.store.db.open) d.alerts.silenceExpired(ext.alert_id, null);
        expireSaid.delete(ext.alert_id);
      } catch (e) {
        if (!expireSaid.has(ext.alert_id)) d.log(d.tr('alertmanager.expire_failed', { silence, id: ext.alert_id, reason: errorMessage(e), every }));
        expireSaid.add(ext.alert_id);
      }
    }
  };

  const round = async () => {
    if (stopped || !d.store.db.open) return;
    await expireOwed();
    if (d.store.externalAlerts.activeSilenced('alertmanager').length === 0) return;
    try {
      const at = d.clock.now();
      const [silences, listed] = await Promise.all([d.api.silences(), d.api.activeFingerprints()]);
      if (stopped || !d.store.db.open) return;
      if (failing) d.log(d.tr('alertmanager.sync_ok_again', { url: d.api.displayUrl }));
      failing = false;
      if (d.alerts.reconcile({ at, silences, listed }).expireDue > 0) await expireOwed();
    } catch (e) {
      if (!failing) d.log(d.tr('alertmanager.sync_failed', { url: d.api.displayUrl, reason: errorMessage(e), every }));
      failing = true;
    }
  };

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = round().finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        d.background.run('alertmanager sync', run);
      }
    });
    return running;
  };

  return {
    start() {
      d.background.run('alertmanager sync', run);
      stopEvery = d.background.every('alertmanager sync', d.everyMs, run);
    },
    kick: () => d.background.run('alertmanager sync', run),
    async idle() {
      while (running) await running;
    },
    stop() {
      stopped = true;
      stopEvery?.();
    },
  };
}
