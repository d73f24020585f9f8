/** Terminal lines for lifecycle progress events and results. Pure: strings in, strings out. */
import type { LifecycleEvent, ServiceResult } from '../../supervisor/types.js';
import type { Translate } from '../../i18n/index.js';
import { assertNever, isTeachopsError } from '../../errors.js';
import { formatDuration } from '../../config/units.js';
import type { Painter } from './color.js';

export function eventLine(e: LifecycleEvent, tr: Translate): string {
  switch (e.type) {
    case 'waiting_for_lock':
      return tr('cli.lc_waiting_lock', { service: e.service, pid: e.holderPid, purpose: e.purpose });
    case 'preflight':
      return tr('cli.lc_preflight', { service: e.service });
    case 'spawned':
      return tr('cli.lc_spawned', { service: e.service, pid: e.pid });
    case 'waiting_for_dependency':
      return tr('cli.lc_waiting_dep', { service: e.service, dependency: e.dependency });
    case 'healthy':
      return tr('cli.lc_healthy', { service: e.service, duration: formatDuration(e.ms) });
    case 'stopping':
      return tr('cli.lc_stopping', { service: e.service, pid: e.pid, signal: e.signal });
    case 'killed':
      return tr('cli.lc_killed', { service: e.service, pid: e.pid });
    case 'stopped':
      return tr('cli.lc_stopped', { service: e.service, duration: formatDuration(e.ms) });
    case 'stale_removed':
      return tr('cli.lc_stale', { service: e.service, pid: e.pid, reason: e.reason });
    case 'already':
      return e.state === 'running'
        ? tr('cli.lc_already_running', { service: e.service, pid: e.pid ?? '?' })
        : tr('cli.lc_already_stopped', { service: e.service });
    case 'orphans':
      return tr('lifecycle.ev_orphans', { service: e.service, count: e.pids.length, pids: e.pids.join(', ') });
    case 'refused':
      return tr('lifecycle.ev_refused', { reason: e.reason });
    default:
      return assertNever(e, 'lifecycle event');
  }
}

export function resultLines(r: ServiceResult, tr: Translate, p: Painter): string[] {
  if (r.ok) {
    if (r.already) return [];
    const duration = formatDuration(r.ms);
    const line =
      r.action === 'stop'
        ? tr('cli.result_stop', { service: r.service, duration })
        : tr(r.action === 'start' ? 'cli.result_start' : 'cli.result_restart', { service: r.service, duration, pid: r.pid ?? '?' });
    return r.fallback ? [p.green(line), p.yellow(`  ${tr('lifecycle.kept_fallback', { service: r.service })}`)] : [p.green(line)];
  }
  const message = r.error?.message ?? 'failed';
  const key = r.action === 'start' ? 'cli.result_failed_start' : r.action === 'stop' ? 'cli.result_failed_stop' : 'cli.result_failed_restart';
  // A refused restart stopped nothing: its own message says so, without "failed to restart" in front.
  const refused = r.error && isTeachopsError(r.error) && r.error.code === 'restart_refused';
  const out = [p.red(refused ? `✘ ${message}` : tr(key, { service: r.service, message }))];
  if (r.error && isTeachopsError(r.error) && r.error.hint) out.push(`  ${tr('cli.fix', { hint: r.error.hint })}`);
  if (r.logTail?.length) {
    out.push(`  ${tr('cli.last_log_lines', { n: r.logTail.length })}`);
    for (const l of r.logTail) out.push(p.dim(`    ${l}`));
  }
  return out;
}
