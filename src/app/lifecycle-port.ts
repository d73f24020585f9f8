/**
 * The monitor's LifecyclePort: an automatic restart is the audited `restart` operation run as actor `teachops`,
 * keeping the desired state as it is, and tracked as work under way so shutdown waits for it to finish and record
 * its result before the store closes.
 */
import type { LifecyclePort } from '../monitor/context.js';
import { runLifecycle } from '../ops/lifecycle.js';
import { TEACHOPS_ACTOR, type OpsContext } from '../ops/types.js';
import type { Inflight } from '../util/inflight.js';

export function policyRestarts(ops: OpsContext, operations: Inflight): LifecyclePort {
  return {
    restart: (service) =>
      operations.run(async () => {
        const results = await runLifecycle(ops, TEACHOPS_ACTOR, { action: 'restart', target: service, recordDesired: false });
        const r = results.find((x) => x.service === service) ?? results.find((x) => !x.ok);
        return { ok: r?.ok === true && r.service === service, pid: r?.pid ?? null, ms: r?.ms ?? 0, ...(r?.error ? { error: r.error.message } : {}) };
      }),
  };
}
