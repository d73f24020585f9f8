/**
 * The delivery part of `teach run`, started first: one outbox, one delivery loop, one notifier per destination.
 * With Slack configured, rows go to Slack (its own Web API client, so delivery does not wait for the Socket Mode
 * connection) and every row is also shown at once on the console and in logs/monitor.log; without Slack (or without
 * `alerts.channel` for alerts), the console is the destination. From here on every notification this process
 * enqueues (monitor, incidents, Slack buttons, runbook steps) wakes the loop at once through `ops.notifications`.
 */
import { translator } from '../i18n/index.js';
import { Delivery, type DeliveryHealth } from '../notify/delivery.js';
import { outboxNotifications } from '../notify/outbox.js';
import { paths } from '../util/paths.js';
import { createConsoleNotifier } from './notifiers/console.js';
import { createSlackHealth } from './slack-health.js';
import { slackSettings } from './slack-settings.js';
import type { PartFactory } from './run.js';

export const deliveryPart: PartFactory = async (ctx) => {
  const { config, ops, log } = ctx;
  const tr = translator(config.locale);
  const store = ops.store;
  let delivery: Delivery | undefined;
  ops.notifications = outboxNotifications(store.outbox, () => ops.clock.now(), () => delivery?.kick());
  const health = createSlackHealth({ config, store, clock: ops.clock, log, notices: ops.notifications, botName: () => ctx.shared.botName ?? 'teachops' });
  ctx.shared.slackHealth = health;
  const consoleNotifier = createConsoleNotifier({ config, store, log, now: () => ops.clock.now() });
  const mode = slackSettings(ctx).mode;
  if (mode.kind === 'off' || !config.alerts.channel) log(tr('alerts.slack_not_configured', { file: paths.monitorLog(config.logs_dir) }));
  let notifier = consoleNotifier;
  let destinationHealth: DeliveryHealth = { unavailable: () => undefined, authFailed: () => undefined, recovered: () => undefined, skipped: health.skipped };
  if (mode.kind !== 'off') {
    const [{ createSlackNotifier }, { deliveryClient, callTimeoutFromEnv }] = await Promise.all([import('./notifiers/slack.js'), import('./notifiers/slack-client.js')]);
    const web = deliveryClient({ token: mode.botToken, apiUrl: mode.apiUrl, timeoutMs: callTimeoutFromEnv(ctx.env) });
    notifier = createSlackNotifier({ config, store, outbox: store.outbox, clock: ops.clock, web });
    destinationHealth = health;
  }
  delivery = new Delivery({
    outbox: store.outbox,
    clock: ops.clock,
    background: ctx.background,
    notifier,
    ...(notifier !== consoleNotifier ? { mirror: consoleNotifier } : {}),
    health: destinationHealth,
    storeOpen: () => store.db.open,
    log,
    ...(ctx.ports.deliveryPollMs !== undefined ? { pollMs: ctx.ports.deliveryPollMs } : {}),
  });
  ctx.shared.delivery = delivery;
  delivery.start();
  const d = delivery;
  return {
    name: 'delivery',
    drain: (deadline) => d.flush(deadline),
    stop: () => d.stop(),
  };
};
