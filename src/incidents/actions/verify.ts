/**
 * `verify`: ticks only after every health check passes `rounds` (3) times in a row; the first failing round ends it
 * and says which services failed and why, so a flapping service cannot pass on one lucky check.
 */
import type { StepAction } from './types.js';

export const verifyAction: StepAction = async (deps) => {
  const { tr } = deps;
  const targets = deps.healthTargets();
  if (targets.length === 0) return { result: 'failed', detail: tr('incidents.act_verify_nothing') };
  const { rounds, intervalMs } = deps.verify;
  for (let round = 1; round <= rounds; round++) {
    if (round > 1) await deps.sleep(intervalMs);
    const results = await Promise.all(targets.map(async (svc) => ({ svc, r: await deps.health(svc) })));
    const failed = results.filter((x) => !x.r.ok);
    if (failed.length > 0) {
      const failures = failed.map((x) => `${x.svc}: ${x.r.error ?? tr('incidents.act_failed')}`).join('; ');
      return { result: 'failed', detail: tr('incidents.act_verify_failed', { round, rounds, failures }) };
    }
  }
  return { result: 'done', detail: tr('incidents.act_verify_done', { rounds, services: targets.join(', ') }), recovered: true };
};
