/**
 * `/teach status`: one section per service (emoji, state, pid, uptime, CPU, memory, health, port, restarts),
 * a `Restart <svc>` button on each service that is not running, the host line and a Refresh button that
 * re-renders the same message. Pure: the button values (with their tokens) are made by the caller.
 */
import type { KnownBlock } from '@slack/types';
import type { ServiceStatus, StatusReport } from '../../ops/status.js';
import type { Translate } from '../../i18n/index.js';
import { actions, button, context, divider, esc, header, message, mrkdwn, section, slackTime, type SlackMessage } from './blocks.js';
import { stateEmoji } from './emoji.js';
import { fallbackLine } from '../../ops/status-text.js';
import { cpuText, DASH, healthText, hostLine, memText, stateLabel, statusFallback, uptimeText } from './format.js';

export const STATUS_RESTART_ACTION = 'teach.status.restart';
export const STATUS_REFRESH_ACTION = 'teach.status.refresh';
/** Services drawn in full; the rest are listed in one line so the message stays under 50 blocks. */
const MAX_SERVICE_SECTIONS = 20;

/** Down or unhealthy services get a Restart button. */
export function wantsRestartButton(s: ServiceStatus): boolean {
  return s.state !== 'running';
}

export interface StatusViewInput {
  report: StatusReport;
  /** service -> value of its Restart button (see values.ts tokenButton) */
  restartValues: Record<string, string>;
  refreshValue: string;
}

function serviceBlocks(s: ServiceStatus, restartValue: string | undefined, tr: Translate): KnownBlock[] {
  const title = s.title && s.title !== s.name ? ` · ${esc(s.title)}` : '';
  const fields = [
    [tr('slack.col_pid'), s.pid === null ? DASH : String(s.pid)],
    [tr('slack.col_uptime'), uptimeText(s)],
    [tr('slack.col_cpu'), cpuText(s)],
    [tr('slack.col_mem'), memText(s)],
    [tr('slack.col_health'), esc(healthText(s, tr))],
    [tr('slack.col_port'), s.port === null ? DASH : `${s.port}${s.connections === null ? '' : ` (${tr('slack.connections', { n: s.connections })})`}`],
    [tr('slack.col_restarts'), String(s.restarts)],
  ].map(([k, v]) => mrkdwn(`*${k}*\n${v}`));
  const accessory = restartValue
    ? button({ actionId: STATUS_RESTART_ACTION, text: tr('slack.button_restart', { service: s.name }), value: restartValue, style: 'primary' })
    : undefined;
  const out: KnownBlock[] = [
    section(`${stateEmoji(s.state)} *${esc(s.name)}*${title} — ${stateLabel(s.state, tr)}`, { fields, ...(accessory ? { accessory } : {}) }),
  ];
  if (s.reason) out.push(context([esc(s.reason)]));
  if (s.fallback) out.push(context([esc(fallbackLine(s, tr))]));
  return out;
}

export function statusMessage(input: StatusViewInput, tr: Translate): SlackMessage {
  const r = input.report;
  const blocks: KnownBlock[] = [header(tr('slack.status_title', { name: r.name }))];
  const shown = r.services.slice(0, MAX_SERVICE_SECTIONS);
  for (const s of shown) blocks.push(...serviceBlocks(s, input.restartValues[s.name], tr));
  const rest = r.services.slice(MAX_SERVICE_SECTIONS);
  if (rest.length > 0) blocks.push(section(rest.map((s) => `${stateEmoji(s.state)} ${esc(s.name)}`).join('  ')));
  if (r.services.length === 0) blocks.push(section(tr('slack.no_services')));
  blocks.push(divider(), context([hostLine(r, tr)]));
  if (r.store) blocks.push(context([esc(tr('store.status_line', r.store))]));
  blocks.push(actions('status_actions', [button({ actionId: STATUS_REFRESH_ACTION, text: tr('slack.button_refresh'), value: input.refreshValue })]));
  const updated = tr('slack.updated_at', { at: slackTime(r.generated_at, '{time_secs}') });
  // Readings taken from the monitor's last round say how old they are (src/ops/status-readings.ts).
  const age = r.readings_age_ms === null ? [] : [esc(tr('slack.readings_age', { seconds: (r.readings_age_ms / 1000).toFixed(1) }))];
  blocks.push(context([updated, ...age]));
  return message(`${tr('slack.status_title', { name: r.name })}: ${statusSummary(r, tr)}. ${statusFallback(r, tr)}`, blocks);
}

/** "all services are up", or which are down and which unhealthy (whatever their desired state). */
export function statusSummary(r: StatusReport, tr: Translate): string {
  const down = r.services.filter((s) => s.state !== 'running' && s.state !== 'unhealthy').map((s) => s.name);
  const unhealthy = r.services.filter((s) => s.state === 'unhealthy').map((s) => s.name);
  const parts = [];
  if (down.length > 0) parts.push(tr('slack.status_down', { services: down.join(', ') }));
  if (unhealthy.length > 0) parts.push(tr('slack.status_unhealthy', { services: unhealthy.join(', ') }));
  return parts.length > 0 ? parts.join('; ') : tr('slack.status_ok');
}
