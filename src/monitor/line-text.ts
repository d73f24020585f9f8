/**
 * A thread line's text from its code and raw args (events.ts conventions): `*_ms` durations formatted, `who` shown
 * the notifier's way, `resolution` / `silence` / `policy` codes looked up, `{value}` the alert's reading; every other
 * string arg passes `fmt.text` (errors quote whatever a service printed), except the keys in `markup`, which an
 * adapter built itself (a Slack link). Rows written before migration 8 carry formatted strings (`duration`, `how`);
 * they pass through unchanged. Pure.
 */
import type { Config } from '../config/types.js';
import { formatDuration } from '../config/units.js';
import { translator, type MessageKey } from '../i18n/index.js';
import type { AlertRow } from '../store/alerts.js';
import { resolutionText, valueText, type Formatters } from './describe.js';

export function lineText(
  config: Pick<Config, 'locale' | 'services'>,
  code: string,
  args: Record<string, unknown>,
  fmt: Formatters,
  alert?: AlertRow,
  markup: Record<string, string> = {},
): string {
  const tr = translator(config.locale);
  const p: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(args)) {
    if (typeof v === 'number') p[k] = v;
    else if (typeof v === 'string') p[k] = k === 'who' ? fmt.who(v) : fmt.text(v);
    if (typeof v === 'number' && k.endsWith('_ms')) p[k.slice(0, -3)] = formatDuration(v);
  }
  Object.assign(p, markup);
  if (typeof args.resolution === 'string') {
    p.how = resolutionText({ resolution: args.resolution as AlertRow['resolution'], resolution_note: typeof args.note === 'string' ? args.note : null }, tr, fmt);
  }
  if (typeof args.silence === 'string') p.duration = tr(`alerts.silence_${args.silence}` as MessageKey);
  if (typeof args.policy === 'string' && args.exit_code === 0) p.policy = `${fmt.text(args.policy)}, exit 0`;
  if (alert && p.value === undefined) p.value = valueText(alert, config, tr, fmt);
  return tr(`alerts.note_${code}` as MessageKey, p);
}
