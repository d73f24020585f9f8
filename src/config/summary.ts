/** What `teach config check` prints for a config that loaded: the services and where things will go. */
import { t, type Params } from '../i18n/index.js';
import type { MessageKey } from '../i18n/index.js';
import { formatListenAddress } from './listen.js';
import { displayPath } from './problems.js';
import type { Config, Locale } from './types.js';

export function formatConfigSummary(config: Config, locale: Locale, cwd: string = process.cwd()): string {
  const tr = (key: MessageKey, params?: Params) => t(locale, key, params);
  const lines = [
    tr('config.summary_head', {
      file: displayPath(config.file, cwd),
      count: config.serviceNames.length,
      names: config.serviceNames.join(', '),
      locale: config.locale,
    }),
  ];
  for (const name of config.serviceNames) {
    const s = config.services[name]!;
    const facts = [
      s.port === null ? null : tr('config.summary_port', { port: s.port }),
      s.health === null ? null : tr('config.summary_health', { url: s.health.url }),
      s.depends_on.length ? tr('config.summary_after', { deps: s.depends_on.join(', ') }) : null,
      s.autostart ? null : tr('config.summary_manual'),
    ].filter((f): f is string => f !== null);
    lines.push(tr('config.summary_service', { name, command: s.argv.map(showArg).join(' ') }) + (facts.length ? ` (${facts.join('; ')})` : ''));
  }
  lines.push(tr('config.summary_logs', { dir: displayPath(config.logs_dir, cwd) }));
  lines.push(config.alerts.channel ? tr('config.summary_alerts_channel', { channel: config.alerts.channel }) : tr('config.summary_alerts_console'));
  lines.push(config.access.operators.length ? tr('config.summary_operators', { operators: config.access.operators.join(', ') }) : tr('config.summary_no_operators'));
  lines.push(config.runbook ? tr('config.summary_runbook', { file: displayPath(config.runbook, cwd) }) : tr('config.summary_no_runbook'));
  lines.push(config.metrics ? tr('config.summary_metrics', { address: formatListenAddress(config.metrics.listen), host: config.metrics.host }) : tr('config.summary_no_metrics'));
  lines.push(tr('config.summary_backup', { schedule: config.backup.schedule, dir: displayPath(config.backup.dir, cwd), keep: config.backup.keep }));
  return lines.join('\n');
}

/** Arguments with spaces or quotes are shown quoted, so the line reads back as the same argv. */
function showArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
