/**
 * What an alert says, in words, for any notifier: its title, where it is, its reading against the threshold, and
 * the state line, and its thread lines. Pure; every string from the catalogue, rendered when a notifier delivers.
 * `fmt` decides how people and times look (Slack mentions and date tokens, or plain text for the console).
 */
import { hostname } from 'node:os';
import type { Config } from '../config/types.js';
import { formatDuration } from '../config/units.js';
import { assertNever } from '../errors.js';
import { translator, type MessageKey, type Translate } from '../i18n/index.js';
import type { AlertRow } from '../store/alerts.js';

export interface Formatters {
  /** an actor label as recorded ('slack:U0123', 'cli:alice', 'teachops') */
  who(label: string): string;
  /** an epoch-ms time */
  at(ms: number): string;
}

export const plainFormat: Formatters = {
  who: (label) => (label.startsWith('slack:') ? `@${label.slice(6)}` : label.replace(/^cli:/, '')),
  at: (ms) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`,
};

export interface AlertText {
  title: string;
  where: string;
  value: string;
  state: string;
  /** fire count (re-opened alerts), acknowledged, resolved, silenced lines, in that order, when they apply */
  status: string[];
}

export function describeAlert(a: AlertRow, config: Pick<Config, 'locale' | 'services'>, fmt: Formatters, host = hostname()): AlertText {
  const tr = translator(config.locale);
  const service = a.service ?? '';
  const mount = a.subject ?? '';
  const title = tr(`alerts.title_${a.kind}` as MessageKey, { service, host, mount });
  const where = a.service !== null ? tr('alerts.where_service', { service, host }) : a.kind === 'disk' ? tr('alerts.where_disk', { mount, host }) : tr('alerts.where_host', { host });
  const status: string[] = [];
  // A re-opened (flapping) alert says how often it fired, since its first firing, whatever its state now.
  if (a.fire_count > 1) status.push(tr('alerts.fired_times', { count: a.fire_count, span: formatDuration(a.fired_at - a.started_at), since: fmt.at(a.started_at) }));
  if (a.acked_by !== null && a.acked_at !== null) status.push(tr('alerts.acked_by', { who: fmt.who(a.acked_by), at: fmt.at(a.acked_at) }));
  if (a.state === 'resolved' && a.resolved_at !== null) {
    const how = tr(`alerts.resolution_${a.resolution ?? 'recovered'}` as MessageKey) + (a.resolution_note ? ` (${a.resolution_note})` : '');
    status.push(tr('alerts.resolved_after', { at: fmt.at(a.resolved_at), duration: formatDuration(a.resolved_at - a.fired_at), how }));
  } else if (a.silence === 'resolved' && a.silenced_by !== null) {
    status.push(tr('alerts.silenced_until_resolved', { who: fmt.who(a.silenced_by) }));
  } else if (a.silence !== null && a.silenced_until !== null && a.silenced_by !== null) {
    status.push(tr('alerts.silenced_until', { until: fmt.at(a.silenced_until), who: fmt.who(a.silenced_by) }));
  }
  const state = a.state === 'firing' && a.fire_count > 1 ? tr('alerts.state_firing_again') : tr(`alerts.state_${a.state}`);
  return { title, where, value: valueText(a, config, tr), state, status };
}

function valueText(a: AlertRow, config: Pick<Config, 'services'>, tr: Translate): string {
  const p = { value: a.value ?? '?', threshold: a.threshold ?? '?', detail: a.detail ?? '' };
  switch (a.kind) {
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
      const w = a.service ? config.services[a.service]?.restart.window : undefined;
      return tr('alerts.value_crash_loop', { ...p, window: w === undefined ? '?' : formatDuration(w) });
    }
    case 'backup':
      return tr('alerts.value_backup', p);
    case 'logs_disk':
      return tr('alerts.value_logs_disk', p);
    case 'state_store':
      return tr('alerts.value_state_store', p);
    default:
      return assertNever(a.kind, 'alert kind');
  }
}

/**
 * A thread line's text from its code and raw args (events.ts conventions): `*_ms` durations formatted, `who` shown
 * the notifier's way, `resolution` / `silence` / `policy` codes looked up, `{value}` the alert's reading. `escape` is
 * applied to the other string args (error messages quote whatever a service printed). Rows written before migration
 * 8 carry formatted strings (`duration`, `how`); they pass through unchanged.
 */
export function lineText(
  config: Pick<Config, 'locale' | 'services'>,
  code: string,
  args: Record<string, unknown>,
  fmt: Formatters,
  alert?: AlertRow,
  escape: (s: string) => string = (s) => s,
): string {
  const tr = translator(config.locale);
  const p: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(args)) {
    if (typeof v === 'number') p[k] = v;
    else if (typeof v === 'string') p[k] = k === 'who' ? fmt.who(v) : escape(v);
    if (typeof v === 'number' && k.endsWith('_ms')) p[k.slice(0, -3)] = formatDuration(v);
  }
  if (typeof args.resolution === 'string') {
    const note = typeof args.note === 'string' ? ` (${escape(args.note)})` : '';
    p.how = tr(`alerts.resolution_${args.resolution}` as MessageKey) + note;
  }
  if (typeof args.silence === 'string') p.duration = tr(`alerts.silence_${args.silence}` as MessageKey);
  if (typeof args.policy === 'string' && args.exit_code === 0) p.policy = `${escape(args.policy)}, exit 0`;
  if (alert && p.value === undefined) p.value = escape(valueText(alert, config, tr));
  return tr(`alerts.note_${code}` as MessageKey, p);
}
