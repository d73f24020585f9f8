/**
 * The monitor's part of `teach run`: the monitor itself plus delivery of its outbox, to Slack when Slack is
 * configured and `alerts.channel` is set (the console and logs/monitor.log mirror every transition), otherwise to
 * the console and logs/monitor.log alone. The Slack client is read from the shared handles at each delivery
 * attempt, so deliveries wait (nothing lost) until the Slack part has connected.
 */
import type { PartFactory } from '../daemon/run.js';
import { translator } from '../i18n/index.js';
import { createConsoleNotifier } from '../notify/console.js';
import { Delivery } from '../notify/delivery.js';
import { createSlackNotifier } from '../notify/slack.js';
import { paths } from '../util/paths.js';
import { createMonitor } from './index.js';

export const monitorPart: PartFactory = async (ctx) => {
  const { config, ops, log } = ctx;
  const tr = translator(config.locale);
  const now = () => ops.clock.now();
  const consoleNotifier = createConsoleNotifier({ config, log, now });
  const useSlack = Boolean(ctx.env.SLACK_BOT_TOKEN?.trim()) && config.alerts.channel !== null;
  if (!useSlack) log(tr('alerts.slack_not_configured', { file: paths.monitorLog(config.logs_dir) }));
  const notifier = useSlack ? createSlackNotifier({ config, store: ops.store, client: () => ctx.shared.slackClient }) : consoleNotifier;
  const delivery = new Delivery({
    store: ops.store,
    clock: ops.clock,
    notifier,
    tr,
    log,
    ...(useSlack ? { mirror: consoleNotifier.write } : {}),
  });
  const monitor = createMonitor({ ops, log, onChange: () => delivery.kick(), ...(ctx.shared.monitorSink ? { sink: ctx.shared.monitorSink } : {}) });
  // A failed scheduled backup is an alert (raised once while it keeps failing); the next good backup resolves it.
  ctx.shared.onBackupResult = (r) => {
    if (r.ok) monitor.book.resolve('backup', 'backup_ok');
    else monitor.book.raise({ kind: 'backup', value: null, threshold: null, detail: r.error.message });
    delivery.kick();
  };
  delivery.start();
  monitor.start();
  return {
    name: 'monitor',
    async stop() {
      await monitor.stop();
      await delivery.stop();
    },
  };
};
