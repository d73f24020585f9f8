/**
 * What an alert says, in words, for any notifier: the headline (what happened now: "Resolved: llm was down for
 * 1m 20s", "Acknowledged by @alice: ..."), its title, where it is, its reading against the threshold, the cause it
 * knows, and the status lines. Pure; every string from the catalogue, rendered when a notifier delivers.
 * `fmt` decides how people, times and text look (Slack mentions, date tokens and escaping, or plain console text):
 * every string from outside the catalogue passes `fmt.text`, people `fmt.who`, times `fmt.at`.
 */
import { hostname } from 'node:os';
import type { Config } from '../config/types.js';
import { formatDuration } from '../config/units.js';
import { assertNever } from '../errors.js';
import { translator, type MessageKey, type Translate } from '../i18n/index.js';
import type { AlertKind, AlertRow } from '../store/alerts.js';

export interface Formatters {
  /** an actor label as recorded ('slack:U0123', 'cli:alice', 'teachops') */
  who(label: string): string;
  /** an epoch-ms time */
  at(ms: number): string;
  /** text from outside the catalogue (a service's error, a log line, a mount): escaped for the medium */
  text(s: string): string;
}

export const plainFormat: Formatters = {
  who: (label) => (label.startsWith('slack:') ? `@${label.slice(6)}` : label.replace(/^cli:/, '')),
  at: (ms) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`,
  text: (s) => s,
};

export interface AlertText {
  /** what happened now, one line */
  headline: string;
  /** what fired (a crash loop once the restart policy gave up) */
  title: string;
  where: string;
  value: string;
  state: string;
  /** what is known about why: last exit, start failure, last log error line */
  cause: string[];
  /** fire count (re-opened alerts), acknowledged, resolved, silenced lines, in that order, when they apply */
  status: string[];
  /** where it came from, as people read it ("teachops", "Alertmanager") */
  source: string;
}

/** Where an alert came from: Alertmanager's arrive by the receiver, every other kind is teachops' own. */
export const alertSource = (a: Pick<AlertRow, 'kind'>): 'alertmanager' | 'teachops' => (a.kind === 'alertmanager' ? 'alertmanager' : 'teachops');

/** The kind the alert reads as: a service_down whose restart policy gave up is a crash loop. */
export const shownKind = (a: AlertRow): AlertKind => (a.escalation === 'crash_loop' ? 'crash_loop' : a.kind);

export function describeAlert(a: AlertRow, config: Pick<Config, 'locale' | 'services'>, fmt: Formatters, host = hostname()): AlertText {
  const tr = translator(config.locale);
  // An Alertmanager alert's subject is its alertname; its detail the summary it came with.
  const names = { service: fmt.text(a.service ?? ''), host: fmt.text(host), mount: fmt.text(a.subject ?? ''), name: fmt.text(a.subject ?? a.key) };
  const kind = shownKind(a);
  const title = tr(`alerts.title_${kind}` as MessageKey, names);
  const where = a.service !== null ? tr('alerts.where_service', names) : a.kind === 'disk' ? tr('alerts.where_disk', names) : a.kind === 'alertmanager' ? tr('alerts.where_alertmanager') : tr('alerts.where_host', names);
  const status: string[] = [];
  // A re-opened (flapping) alert says how often it fired, since its first firing, whatever its state now.
  if (a.fire_count > 1) status.push(tr('alerts.fired_times', { count: a.fire_count, span: formatDuration(a.fired_at - a.started_at), since: fmt.at(a.started_at) }));
  if (a.acked_by !== null && a.acked_at !== null) status.push(tr('alerts.acked_by', { who: fmt.who(a.acked_by), at: fmt.at(a.acked_at) }));
  if (a.state === 'resolved' && a.resolved_at !== null) {
    status.push(tr('alerts.resolved_after', { at: fmt.at(a.resolved_at), duration: formatDuration(a.resolved_at - a.fired_at), how: resolutionText(a, tr, fmt) }));
  } else if (a.silence === 'resolved' && a.silenced_by !== null) {
    status.push(tr('alerts.silenced_until_resolved', { who: fmt.who(a.silenced_by) }));
  } else if (a.silence !== null && a.silenced_until !== null && a.silenced_by !== null) {
    status.push(tr('alerts.silenced_until', { until: fmt.at(a.silenced_until), who: fmt.who(a.silenced_by) }));
  }
  const state = a.state === 'firing' && a.fire_count > 1 ? tr('alerts.state_firing_again') : tr(`alerts.state_${a.state}`);
  return { headline: headline(a, kind, title, names, tr, fmt), title, where, value: valueText(a, config, tr, fmt), state, cause: causeLines(a, tr, fmt), status, source: tr(`alerts.source_${alertSource(a)}`) };
}

/** How it resolved ("restarted automatically (pid 42)", "restarted by @alice"). */
export function resolutionText(a: Pick<AlertRow, 'resolution' | 'resolution_note'>, tr: Translate, fmt: Formatters): string {
  if (a.resolution === 'operator_restart') return tr('alerts.resolution_operator_restart', { who: fmt.who(a.resolution_note ?? '?') });
  return tr(`alerts.resolution_${a.resolution ?? 'recovered'}` as MessageKey) + (a.resolution_note ? ` (${fmt.text(a.resolution_note)})` : '');
}

function headline(a: AlertRow, kind: AlertKind, title: string, names: Record<string, string>, tr: Translate, fmt: Formatters): string {
  switch (a.state) {
    case 'resolved':
      return tr(`alerts.resolved_${kind}` as MessageKey, { ...names, duration: formatDuration((a.resolved_at ?? a.fired_at) - a.fired_at) });
    case 'acknowledged':
      return tr('alerts.headline_acknowledged', { who: fmt.who(a.acked_by ?? '?'), title });
    case 'firing':
      if (a.silence !== null && a.silenced_by !== null) return tr('alerts.headline_silenced', { who: fmt.who(a.silenced_by), title });
      if (a.fire_count > 1 && a.escalation === null) return tr('alerts.headline_refiring', { count: a.fire_count, span: formatDuration(a.fired_at - a.started_at), title });
      return title;
    default:
      return assertNever(a.state, 'alert state');
  }
}

/** The cause lines: each only when known. */
function causeLines(a: AlertRow, tr: Translate, fmt: Formatters): string[] {
  const c = a.cause;
  const lines: string[] = [];
  if (c.error) lines.push(tr('alerts.cause_error', { error: fmt.text(c.error) }));
  else if (c.exit) lines.push(tr('alerts.cause_exit', { exit: c.exit.signal ? tr('alerts.exit_signal', { signal: c.exit.signal }) : tr('alerts.exit_code', { code: String(c.exit.code) }) }));
  if (c.log) lines.push(tr('alerts.cause_log', { file: fmt.text(`${a.service ?? ''}.log`), line: fmt.text(c.log) }));
  return lines;
}

export function valueText(a: AlertRow, config: Pick<Config, 'services'>, tr: Translate, fmt: Formatters = plainFormat): string {
  const p = { value: a.value ?? '?', threshold: a.threshold ?? '?', detail: fmt.text(a.detail ?? '') };
  const kind = shownKind(a);
  switch (kind) {
    case 'service_down':
      return tr('alerts.value_service_down', p);
    case 'health':
      return tr('alerts.value_health', p);
    case 'cpu':
    case 'memory':
    case 'disk':
    case 'service_cpu':
      return tr('alerts.value_percent', p);
    case 'service_memory':
      return tr('alerts.value_mb', p);
    case 'crash_loop': {
      // An escalated service alert carries the guard's count in its cause; a crash_loop alert of its own (written
      // before escalation existed) in its reading.
      const r = a.cause.restarts;
      const w = r?.window_ms ?? (a.service ? config.services[a.service]?.restart.window : undefined);
      return tr('alerts.value_crash_loop', { ...p, value: r?.n ?? p.value, threshold: r?.max ?? p.threshold, window: w === undefined ? '?' : formatDuration(w) });
    }
    case 'backup':
      return tr('alerts.value_backup', p);
    case 'logs_disk':
      return tr('alerts.value_logs_disk', p);
    case 'state_store':
      return tr('alerts.value_state_store', p);
    case 'alertmanager':
      return a.detail ? tr('alerts.value_alertmanager', p) : tr('alerts.value_alertmanager_none');
    default:
      return assertNever(kind, 'alert kind');
  }
}
