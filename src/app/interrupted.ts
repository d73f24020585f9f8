/**
 * An operation whose process died while it held services down on purpose (a `teach restore` killed with SIGKILL):
 * `teach run` notices the dead holder at its next round, starts again the services that were running before the
 * operation began, records in the audit log how the operation ended, and removes its record. Until then the
 * services were not judged (no crash alert for a planned stop); after it, the usual rules apply.
 */
import { errorMessage } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import { runLifecycle } from '../ops/lifecycle.js';
import { TEACHOPS_ACTOR, type OpsContext } from '../ops/types.js';

export async function recoverInterrupted(ops: OpsContext, tr: Translate, log: (line: string) => void): Promise<void> {
  const op = ops.supervisor.interruptedOperation();
  if (!op) return;
  const t0 = ops.clock.now();
  log(tr('lifecycle.op_holder_died', { purpose: op.purpose, pid: op.holder.pid, services: op.running_before.join(', ') || tr('common.none') }));
  const started: string[] = [];
  const failed: string[] = [];
  for (const name of op.running_before) {
    if (!ops.config.services[name]) continue;
    if (ops.supervisor.runtime(name)[0]?.state === 'running') continue;
    try {
      const results = await runLifecycle(ops, TEACHOPS_ACTOR, { action: 'start', target: name });
      for (const r of results) (r.ok ? started : failed).push(r.ok ? r.service : `${r.service}: ${r.error?.message ?? 'failed'}`);
    } catch (e) {
      failed.push(`${name}: ${errorMessage(e)}`);
    }
  }
  const detail = tr('lifecycle.op_recovered', {
    purpose: op.purpose,
    pid: op.holder.pid,
    started: started.join(', ') || tr('common.none'),
    failed: failed.join('; ') || tr('common.none'),
  });
  ops.store.audit.record({
    at: op.started_at,
    source: 'teachops',
    actor: 'teachops',
    channel: null,
    action: op.kind,
    args: { ...op.detail, by: op.by, holder_pid: op.holder.pid },
    outcome: 'interrupted',
    detail,
    duration_ms: ops.clock.now() - t0,
  });
  ops.supervisor.clearOperation(op);
  log(detail);
}
