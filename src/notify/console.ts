/**
 * The notifier when Slack is not configured (and a mirror of every transition when it is): one line per transition
 * on the console and appended to logs/monitor.log, the file the team's monitor_services.sh used to write.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config/types.js';
import { translator } from '../i18n/index.js';
import type { AlertRow } from '../store/alerts.js';
import type { OutboxRow } from '../store/outbox.js';
import { paths } from '../util/paths.js';
import { redact } from '../util/redact.js';
import { appendNoFollow } from '../util/safe-fs.js';
import { assertNever } from '../errors.js';
import { describeAlert, noteText, plainFormat } from './describe.js';
import { asSnapshot, snapshotText } from './snapshot-text.js';
import type { Notifier } from './types.js';

/** The lines a row shows as on a console; [] for a re-render that is not news (its transition has its own note). */
export function consoleLines(row: OutboxRow, alert: AlertRow, config: Config): string[] {
  const tr = translator(config.locale);
  const note = (text: string) => tr('alerts.console_note', { id: alert.id, text });
  switch (row.kind) {
    case 'render': {
      if (row.params.reason !== 'fired') return [];
      const d = describeAlert(alert, config, plainFormat);
      return [tr('alerts.console_render', { id: alert.id, state: d.state, title: d.title, value: d.value, extra: '' })];
    }
    case 'note':
      return [note(noteText(config.locale, row.text_key ?? '', row.params, plainFormat))];
    case 'renotify': {
      const duration = String(row.params.duration ?? '');
      const mentions = config.alerts.escalate_to.join(' ');
      return [note(mentions ? tr('alerts.renotify', { mentions, duration }) : tr('alerts.renotify_no_mentions', { duration }))];
    }
    case 'snapshot': {
      const s = snapshotText(asSnapshot(row.params), config.locale, plainFormat);
      return [note(s.title), ...s.lines.map((l) => `    ${l}`), ...(s.logHeading ? [`    ${s.logHeading}`] : []), ...s.logLines.map((l) => `      ${l}`)];
    }
    default:
      return assertNever(row.kind, 'outbox kind');
  }
}

export function createConsoleNotifier(deps: { config: Config; log: (line: string) => void; now: () => number }): Notifier & { write(row: OutboxRow, alert: AlertRow): void } {
  const file = paths.monitorLog(deps.config.logs_dir);
  const write = (row: OutboxRow, alert: AlertRow) => {
    const lines = consoleLines(row, alert, deps.config).map((l) => redact(l));
    if (lines.length === 0) return;
    for (const l of lines) deps.log(l);
    const stamp = plainFormat.at(deps.now());
    try {
      mkdirSync(dirname(file), { recursive: true });
      appendNoFollow(file, lines.map((l) => `${stamp} ${l}\n`).join(''));
    } catch (e) {
      deps.log(`monitor.log: ${(e as Error).message}`);
    }
  };
  return {
    name: 'console',
    ready: () => true,
    write,
    async deliver(row, alert) {
      write(row, alert);
      return { ok: true };
    },
    // A line may be written twice after a crash mid-write; a console has nothing to look up.
    recover: async () => ({ delivered: false }),
  };
}
