/**
 * `fallback`: restarts the affected service with its `fallback.env` overrides (e.g. the LLM from Tongyi to OpenAI)
 * and offers `Switch back`. The affected service is the one of the linked alerts that has a fallback, else the
 * only service with one; otherwise a person picks.
 */
import { isSecretName, REDACTED } from '../../util/redact.js';
import { describeResults, type StepAction } from './types.js';

export function fallbackServices(config: { serviceNames: string[]; services: Record<string, { fallback: { env: Record<string, string> } | null }> }): string[] {
  return config.serviceNames.filter((n) => Object.keys(config.services[n]?.fallback?.env ?? {}).length > 0);
}

export function overridesText(env: Record<string, string>): string {
  return Object.entries(env).map(([k, v]) => `${k}=${isSecretName(k) ? REDACTED : v}`).join(', ');
}

export const fallbackAction: StepAction = async (deps, req) => {
  const { config, tr } = deps;
  const candidates = fallbackServices(config);
  if (candidates.length === 0) return { result: 'failed', detail: tr('incidents.act_no_fallback') };
  let service = req.service;
  if (service !== undefined && !candidates.includes(service)) return { result: 'failed', detail: tr('incidents.act_not_fallback', { service }) };
  if (service === undefined) {
    const affected = [...new Set(req.incident.alerts.map((a) => a.service).filter((s): s is string => s !== null && candidates.includes(s)))];
    const pick = affected.length > 0 ? affected : candidates;
    if (pick.length > 1) return { result: 'open', detail: tr('incidents.act_choose_fallback'), lines: [{ type: 'choose', step: req.step.id, purpose: 'fallback', services: pick }] };
    service = pick[0]!;
  }
  const overrides = config.services[service]!.fallback!.env;
  const results = await deps.restart(service, true);
  const d = describeResults(results, tr);
  if (!d.ok) return { result: 'failed', detail: d.detail };
  const pid = results.find((r) => r.service === service)?.pid ?? '?';
  return {
    result: 'done',
    detail: tr('incidents.act_fallback_done', { service, overrides: overridesText(overrides), pid }),
    lines: [{ type: 'switch_back', step: req.step.id, service, overrides: Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, isSecretName(k) ? REDACTED : v])) }],
  };
};
