/**
 * `restart-failed`: restarts the services named by the incident's linked alerts that are still active. With none,
 * it asks which service (one button per service in the thread) instead of guessing.
 */
import { describeResults, type StepAction } from './types.js';

export const restartFailedAction: StepAction = async (deps, req) => {
  const { config, tr } = deps;
  if (req.service !== undefined && !config.services[req.service]) return { result: 'failed', detail: tr('incidents.act_unknown_service', { service: req.service }) };
  const targets = req.service !== undefined
    ? [req.service]
    : [...new Set(req.incident.alerts.filter((a) => a.service !== null && config.services[a.service] && deps.isAlertActive(a)).map((a) => a.service!))];
  if (targets.length === 0) {
    return { result: 'open', detail: tr('incidents.act_choose_restart'), lines: [{ type: 'choose', step: req.step.id, purpose: 'restart', services: config.serviceNames }] };
  }
  const results = [];
  // One at a time, in config (start) order: the supervisor's lock serialises each service anyway.
  for (const svc of config.serviceNames.filter((n) => targets.includes(n))) results.push(...(await deps.restart(svc)));
  const d = describeResults(results, tr);
  return { result: d.ok ? 'done' : 'failed', detail: d.detail };
};
