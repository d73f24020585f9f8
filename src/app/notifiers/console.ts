/**
 * The console notifier: the destination when Slack is not configured, and the mirror of every row when it is (shown
 * at once, whatever Slack does, so nothing is invisible while Slack is down or refuses the token). One line per
 * event on the console, appended to logs/monitor.log, the file the team's monitor_services.sh used to write.
 * Alerts, incidents and notices alike, rendered from the catalogue at the moment they are shown.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../../config/types.js';
import { formatDuration } from '../../config/units.js';
import { assertNever } from '../../errors.js';
import { translator } from '../../i18n/index.js';
import { incidentIdOf, type FilePayload, type IncidentEvent, type PostPayload, type ThreadPayload } from '../../incidents/outbox.js';
import { plainMention, who } from '../../incidents/text.js';
import { eventText } from '../../incidents/timeline-text.js';
import type { Incident } from '../../incidents/types.js';
import { describeAlert, plainFormat, resolutionText } from '../../monitor/describe.js';
import { lineText } from '../../monitor/line-text.js';
import { alertIdOf, type AlertEventKind } from '../../monitor/events.js';
import type { SnapshotSummary } from '../../monitor/snapshot.js';
import { snapshotText } from '../../monitor/snapshot-text.js';
import type { Notifier, OutboxRow } from '../../notify/types.js';
import type { AlertRow } from '../../store/alerts.js';
import type { Store } from '../../store/index.js';
import { paths } from '../../util/paths.js';
import { redact } from '../../util/redact.js';
import { appendNoFollow } from '../../util/safe-fs.js';
import { noticeText } from './slack-notice.js';

/** Mentions as a console shows them: `@U0123`, `@S0123` (a user group), `@here`, whether ids or Slack markup. */
const mentionText = (list: readonly string[]) => list.map((m) => `@${m.replace(/^slack:/, '').replace(/^<[@#!](?:subteam\^)?([^|>]*)(?:\|[^>]*)?>$/, '$1')}`).join(' ');

/** The lines an alert row shows as on a console; [] for a re-render that is not news (its transition has its own line). */
export function consoleLines(row: OutboxRow, alert: AlertRow, config: Config): string[] {
  const tr = translator(config.locale);
  const note = (text: string) => tr('alerts.console_note', { id: alert.id, text: row.mention.length ? `${mentionText(row.mention)} ${text}` : text });
  const kind = row.kind as AlertEventKind;
  switch (kind) {
    case 'alert.message': {
      // The firing, the escalation and the resolution are news of their own; other renders have their line.
      const d = describeAlert(alert, config, plainFormat);
      switch (row.params.reason) {
        case 'fired':
          return [tr('alerts.console_render', { id: alert.id, state: d.state, title: d.title, value: d.value, extra: row.mention.length ? ` ${mentionText(row.mention)}` : '' })];
        case 'escalated':
          return [note(`${d.headline}: ${d.value}`)];
        case 'resolved':
          return alert.state === 'resolved' ? [note(`${d.headline}: ${resolutionText(alert, tr, plainFormat)}`)] : [];
        default:
          return [];
      }
    }
    case 'alert.line': {
      const p = row.params as { code?: string; args?: Record<string, unknown> };
      // The resolution is shown with the message's render above.
      if (p.code === 'resolved') return [];
      return [note(lineText(config, p.code ?? '', p.args ?? {}, plainFormat, alert))];
    }
    case 'alert.renotify': {
      const p = row.params as { duration_ms?: number; duration?: string };
      const duration = typeof p.duration_ms === 'number' ? formatDuration(p.duration_ms) : String(p.duration ?? '');
      const mentions = config.alerts.escalate_to.join(' ');
      return [note(mentions ? tr('alerts.renotify', { mentions, duration }) : tr('alerts.renotify_no_mentions', { duration }))];
    }
    case 'alert.snapshot': {
      const s = snapshotText(row.params as unknown as SnapshotSummary, config.locale, plainFormat);
      return [note(s.title), ...s.lines.map((l) => `    ${l}`), ...(s.logHeading ? [`    ${s.logHeading}`] : []), ...s.logLines.map((l) => `      ${l}`)];
    }
    default:
      return assertNever(kind, 'alert row kind');
  }
}

/** The lines an incident row shows as; [] for a re-render of the message (its timeline line carries the news). */
export function incidentLines(row: OutboxRow, inc: Incident, config: Config): string[] {
  const tr = translator(config.locale);
  const line = (text: string) => tr('delivery.console_incident', { id: inc.id, text });
  const kind = row.kind as IncidentEvent['kind'];
  switch (kind) {
    case 'incident.message':
      return [];
    case 'incident.thread': {
      const p = row.params as unknown as ThreadPayload;
      switch (p.type) {
        case 'event':
          return [line(eventText(p.event, inc, config.locale, 'plain'))];
        case 'status':
          return [line(tr('delivery.incident_status', { services: p.report.services.map((s) => `${s.name} ${s.state}`).join(', ') }))];
        case 'choose':
          return [line(tr('delivery.incident_choose', { step: p.step, services: p.services.join(', ') }))];
        case 'switch_back':
          return [line(tr('delivery.incident_switch_back', { service: p.service, overrides: Object.keys(p.overrides).join(', ') }))];
        default:
          return assertNever(p, 'thread payload');
      }
    }
    case 'incident.post': {
      const p = row.params as unknown as PostPayload;
      const mentions = p.mention.length ? ` ${p.mention.map(plainMention).join(' ')}` : '';
      const channel = p.channel ?? inc.channel;
      const params = { channel: channel ?? '', mentions, title: inc.title, lead: who(inc.lead, 'plain', config.locale) };
      // Without a Slack channel this line is the summary itself: it says whom it is for, not "for -".
      return [line(tr(channel ? 'delivery.incident_post' : 'delivery.incident_post_console', params))];
    }
    case 'incident.file':
      return [line(tr('delivery.incident_file', { file: (row.params as unknown as FilePayload).file }))];
    default:
      return assertNever(kind, 'incident row kind');
  }
}

export function createConsoleNotifier(deps: { config: Config; store: Store; log: (line: string) => void; now: () => number }): Notifier {
  const file = paths.monitorLog(deps.config.logs_dir);
  const linesOf = (row: OutboxRow): string[] => {
    const alertId = alertIdOf(row.subject);
    if (alertId !== undefined) {
      const alert = deps.store.alerts.get(alertId);
      return alert ? consoleLines(row, alert, deps.config) : [];
    }
    const incidentId = incidentIdOf(row.subject);
    if (incidentId !== undefined) {
      const inc = deps.store.incidents.get(incidentId);
      return inc ? incidentLines(row, inc, deps.config) : [];
    }
    if (row.kind === 'notice') return [translator(deps.config.locale)('delivery.console_notice', { text: noticeText(deps.config, row) })];
    return [];
  };
  /** the last write error said, so a full disk is said once (the logs_disk alert says the rest), not per line */
  let failing = '';
  const write = (row: OutboxRow) => {
    const lines = linesOf(row).map((l) => redact(l));
    if (lines.length === 0) return;
    for (const l of lines) deps.log(l);
    const stamp = plainFormat.at(deps.now());
    try {
      mkdirSync(dirname(file), { recursive: true });
      appendNoFollow(file, lines.map((l) => `${stamp} ${l}\n`).join(''));
      failing = '';
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      if (code !== failing) deps.log(`monitor.log: ${(e as Error).message}`);
      failing = code;
    }
  };
  return {
    name: 'console',
    async deliver(row) {
      write(row);
      return { ok: true };
    },
    // A line may be written twice after a crash mid-write; a console has nothing to look up.
    reconcile: async () => ({ arrived: false }),
  };
}
