/**
 * `teach alerts [--all] [--json]`, `teach ack <id>`, `teach silence <id> <1h|4h|resolved>`, `teach unsilence <id>`:
 * the alert list (teachops' own alerts and Alertmanager's, marked by source) and its
 * buttons on the host. The change goes through the store; a running `teach run` edits the Slack message within a
 * second. The bodies (alerts.run.ts) are loaded only when one of these runs, so other commands start fast.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('alerts')
    .description('list the active alerts (with --all, the recent ones of any state)')
    .option('--all', 'include acknowledged and resolved alerts')
    .option('--json', 'print as JSON')
    .action(async (opts: { all?: boolean; json?: boolean }) => (await import('./alerts.run.js')).runAlerts(ctx, opts));

  program
    .command('ack <id>')
    .description('acknowledge an alert: re-notification stops; its Slack message shows who and when')
    .action(async (id: string) => (await import('./alerts.run.js')).runAck(ctx, id));

  program
    .command('silence <id> <duration>')
    .description('silence an alert for 1h, 4h, or until it is resolved (it is still recorded)')
    .action(async (id: string, duration: string) => (await import('./alerts.run.js')).runSilence(ctx, id, duration));

  program
    .command('unsilence <id>')
    .description('end an alert\'s silence now (an Alertmanager alert\'s silence is expired in Alertmanager, ALERTMANAGER_URL)')
    .action(async (id: string) => (await import('./alerts.run.js')).runUnsilence(ctx, id));
}
