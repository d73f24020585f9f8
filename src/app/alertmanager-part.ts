/**
 * The Alertmanager part of `teach run`: the receiver (POST /alertmanager) on the metrics listener, the silences
 * hook the operations call (ALERTMANAGER_URL), and the sync of what Alertmanager does not notify.
 *
 * The receiver shares the metrics listener (`metrics.listen`), not Slack's HTTP receiver: Slack's is absent in
 * Socket Mode (the usual way to run), faces Slack (often through a public proxy) and verifies Slack's signature,
 * while Alertmanager, like Prometheus, reaches teachops on the private network where the metrics port already is.
 */
import { hostname } from 'node:os';
import type { AlertmanagerApi } from '../alertmanager/api.js';
import { alertmanagerApiFromEnv, alertmanagerSources } from '../alertmanager/source.js';
import { formatListenAddress } from '../config/listen.js';
import { parseDuration } from '../config/units.js';
import { errorMessage } from '../errors.js';
import { translator } from '../i18n/index.js';
import { AlertmanagerAlerts } from '../monitor/alertmanager.js';
import { AlertBook } from '../monitor/book.js';
import { notificationsOf } from '../ops/types.js';
import { alertmanagerReceiver } from './alertmanager-receiver.js';
import { sharedSnapshots } from './alertmanager-snapshots.js';
import { createAlertmanagerSync } from './alertmanager-sync.js';
import { realSnapshot } from './monitor-snapshot.js';
import type { PartFactory } from './run.js';

const SYNC_MS = 30_000;
/** Prometheus re-sends firing alerts every minute (resend delay) and Alertmanager keeps no alerts across restarts. */
const GONE_AFTER_SYNCS = 4;

export const alertmanagerPart: PartFactory = async (ctx) => {
  const { config, ops, log, env } = ctx;
  const tr = translator(config.locale);
  const store = ops.store;
  const token = env.TEACHOPS_WEBHOOK_TOKEN?.trim() || undefined;
  const syncMs = parseDuration(env.TEACHOPS_ALERTMANAGER_SYNC ?? '') ?? SYNC_MS;
  let api: AlertmanagerApi | undefined;
  try {
    api = alertmanagerApiFromEnv(env, config.locale);
  } catch (e) {
    log(tr('alertmanager.api_bad_url_log', { message: errorMessage(e) }));
  }
  ops.alertSources = alertmanagerSources(() => api);

  let book: AlertBook | undefined;
  const snapshots = sharedSnapshots({
    take: ctx.ports.snapshot === undefined ? realSnapshot(config, () => ops.clock.now()) : ctx.ports.snapshot,
    attach: (id, s) => (store.db.open ? book?.attachSnapshot(id, s) : undefined),
    clock: ops.clock,
    log,
  });
  book = new AlertBook({ store, clock: ops.clock, config, notifications: notificationsOf(ops), onFired: (a) => snapshots.onFired(a) });
  const alerts = new AlertmanagerAlerts({ book, store, clock: ops.clock, config, host: config.metrics?.host ?? hostname(), goneAfterMs: GONE_AFTER_SYNCS * syncMs });
  const sync = api ? createAlertmanagerSync({ api, alerts, store, clock: ops.clock, background: ctx.background, log, tr, everyMs: syncMs }) : undefined;

  let stopping = false;
  const listener = ctx.shared.httpListener;
  if (listener && config.metrics) {
    listener.route(
      'POST',
      '/alertmanager',
      alertmanagerReceiver({ token, alerts, tr, log, now: () => ops.clock.now(), stopping: () => stopping, onReceived: (s) => (s.expireDue > 0 ? sync?.kick() : undefined) }),
    );
    if (token) {
      log(tr('alertmanager.webhook_ready', { address: formatListenAddress(config.metrics.listen) }));
      if (token.length < 16) log(tr('alertmanager.webhook_short_token'));
    }
  } else if (token) {
    log(tr('alertmanager.webhook_no_listener'));
  }
  sync?.start();

  return {
    name: 'alertmanager',
    quiesce() {
      stopping = true;
      sync?.stop();
    },
    drain: (deadline) => Promise.race([Promise.all([snapshots.idle(), sync?.idle()]).then(() => undefined), new Promise<void>((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref())]),
    stop() {
      stopping = true;
      sync?.stop();
    },
  };
};
