/**
 * start / stop / restart in the channel: "Restarting llm... (requested by @user)" with the latest step, then the
 * result in the same message: "llm restarted, healthy in 2.1 s" or "llm failed to start: <reason>" with the
 * last log lines (already redacted by the supervisor). Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { LifecycleAction, LifecycleEvent, ServiceResult } from '../../supervisor/types.js';
import type { Translate } from '../../i18n/index.js';
import { assertNever, isTeachopsError } from '../../errors.js';
import { formatDuration } from '../../config/units.js';
import { codeBlock, context, esc, message, section, type SlackMessage } from './blocks.js';
import { FAIL, OK, WORKING } from './emoji.js';

export function targetLabel(target: string, tr: Translate): string {
  return target === 'all' ? tr('slack.all_services') : target;
}

function progressLine(action: LifecycleAction, target: string, tr: Translate): string {
  const p = { target: targetLabel(target, tr) };
  switch (action) {
    case 'start':
      return tr('slack.progress_start', p);
    case 'stop':
      return tr('slack.progress_stop', p);
    case 'restart':
      return tr('slack.progress_restart', p);
    default:
      return assertNever(action, 'lifecycle action');
  }
}

export function eventText(e: LifecycleEvent, tr: Translate): string {
  switch (e.type) {
    case 'waiting_for_lock':
      return tr('slack.ev_waiting_lock', { service: e.service, pid: e.holderPid, purpose: e.purpose });
    case 'preflight':
      return tr('slack.ev_preflight', { service: e.service });
    case 'spawned':
      return tr('slack.ev_spawned', { service: e.service, pid: e.pid });
    case 'waiting_for_dependency':
      return tr('slack.ev_waiting_dep', { service: e.service, dependency: e.dependency });
    case 'healthy':
      return tr('slack.ev_healthy', { service: e.service, duration: formatDuration(e.ms) });
    case 'stopping':
      return tr('slack.ev_stopping', { service: e.service, pid: e.pid, signal: e.signal });
    case 'killed':
      return tr('slack.ev_killed', { service: e.service, pid: e.pid });
    case 'stopped':
      return tr('slack.ev_stopped', { service: e.service, duration: formatDuration(e.ms) });
    case 'stale_removed':
      return tr('slack.ev_stale', { service: e.service, pid: e.pid });
    case 'already':
      return e.state === 'running' ? tr('slack.ev_already_running', { service: e.service, pid: e.pid ?? '?' }) : tr('slack.ev_already_stopped', { service: e.service });
    case 'orphans':
      return tr('lifecycle.ev_orphans', { service: e.service, count: e.pids.length, pids: e.pids.join(', ') });
    case 'refused':
      return tr('lifecycle.ev_refused', { reason: e.reason });
    default:
      return assertNever(e, 'lifecycle event');
  }
}

export interface ProgressInput {
  action: LifecycleAction;
  target: string;
  user: string;
  /** the latest step, if any */
  event?: LifecycleEvent;
}

export function progressMessage(p: ProgressInput, tr: Translate): SlackMessage {
  const line = `${progressLine(p.action, p.target, tr)} ${tr('slack.requested_by', { user: `<@${p.user}>` })}`;
  const blocks: KnownBlock[] = [section(`${WORKING} ${line}`)];
  if (p.event) blocks.push(context([esc(eventText(p.event, tr))]));
  return message(line, blocks);
}

export function resultLine(r: ServiceResult, tr: Translate): string {
  const duration = formatDuration(r.ms);
  if (r.ok) {
    if (r.already) return r.action === 'stop' ? tr('slack.ev_already_stopped', { service: r.service }) : tr('slack.ev_already_running', { service: r.service, pid: r.pid ?? '?' });
    if (r.action === 'stop') return tr('slack.result_stopped', { service: r.service, duration });
    return tr(r.action === 'start' ? 'slack.result_started' : 'slack.result_restarted', { service: r.service, duration, pid: r.pid ?? '?' });
  }
  const reason = r.error?.message ?? tr('slack.unknown_reason');
  // A refused restart did not fail to start: nothing was stopped, and its message says so.
  if (isTeachopsError(r.error) && r.error.code === 'restart_refused') return reason;
  return tr(r.action === 'stop' ? 'slack.result_failed_stop' : 'slack.result_failed_start', { service: r.service, reason });
}

export interface ResultInput {
  action: LifecycleAction;
  target: string;
  user: string;
  results: ServiceResult[];
  ms: number;
}

export function resultMessage(input: ResultInput, tr: Translate): SlackMessage {
  const blocks: KnownBlock[] = [];
  const lines: string[] = [];
  for (const r of input.results) {
    const line = resultLine(r, tr);
    lines.push(line);
    blocks.push(section(`${r.ok ? OK : FAIL} ${esc(line)}`));
    if (r.ok && r.fallback) blocks.push(context([esc(tr('lifecycle.kept_fallback', { service: r.service }))]));
    if (!r.ok && r.error && isTeachopsError(r.error) && r.error.hint) blocks.push(context([tr('slack.fix', { hint: esc(r.error.hint) })]));
    if (!r.ok && r.logTail?.length) {
      blocks.push(context([tr('slack.last_log_lines', { n: r.logTail.length })]));
      blocks.push(section(codeBlock(r.logTail)));
    }
  }
  if (input.results.length === 0) {
    lines.push(tr('slack.nothing_done'));
    blocks.push(section(tr('slack.nothing_done')));
  }
  blocks.push(context([`${tr('slack.requested_by', { user: `<@${input.user}>` })} · ${tr('slack.took', { duration: formatDuration(input.ms) })}`]));
  return message(lines.join('\n'), blocks);
}

/** The operation itself failed (refused after all, lock busy ...): the progress message says so. */
export function operationFailedMessage(p: { action: LifecycleAction; target: string; user: string; error: string }, tr: Translate): SlackMessage {
  const line = tr('slack.operation_failed', { what: progressLine(p.action, p.target, tr), error: p.error });
  return message(line, [section(`${FAIL} ${esc(line)}`), context([tr('slack.requested_by', { user: `<@${p.user}>` })])]);
}
