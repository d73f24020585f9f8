/**
 * What a built-in step action needs from the rest of teachops, passed in (ports): the operations layer supplies
 * restarts through runLifecycle (permissions, audit, one lifecycle operation per service at a time), status, health.
 */
import type { Config } from '../../config/types.js';
import type { HealthResult } from '../../probes/health.js';
import type { ServiceResult } from '../../supervisor/types.js';
import type { Translate } from '../../i18n/index.js';
import type { PostPayload, StatusSnapshot, ThreadPayload } from '../outbox.js';
import type { IncidentRoute } from '../route.js';
import type { Incident, IncidentStep, LinkedAlert, Runbook } from '../types.js';

export interface ActionDeps {
  config: Config;
  runbook: Runbook;
  tr: Translate;
  status(): Promise<StatusSnapshot>;
  /** restart through the operations layer, as the person who clicked; `fallback` switches to it (true) or back (false) */
  restart(service: string, fallback?: boolean): Promise<ServiceResult[]>;
  health(service: string): Promise<HealthResult>;
  /** services `verify` checks: those with a health check that are not meant to be stopped */
  healthTargets(): string[];
  isAlertActive(alert: LinkedAlert): boolean;
  /** where the incident's notifications go right now (Slack, the console, or queued until `teach run` starts) */
  route(): IncidentRoute;
  sleep(ms: number): Promise<void>;
  verify: { rounds: number; intervalMs: number };
}

export interface ActionRequest {
  incident: Incident;
  step: IncidentStep;
  /** the service a person picked when the action asked which */
  service?: string;
}

export interface ActionOutcome {
  /** 'open': the action needs a choice first (the thread shows one button per candidate) */
  result: 'done' | 'failed' | 'open';
  detail: string;
  lines?: ThreadPayload[];
  posts?: PostPayload[];
  /** the service is verified healthy: the incident counts as recovered */
  recovered?: boolean;
  /** who the notify step told, and where (null: no Slack channel): shown in the incident message */
  notified?: { channel: string | null; mention: string[] };
}

export type StepAction = (deps: ActionDeps, req: ActionRequest) => Promise<ActionOutcome>;

export function describeResults(results: ServiceResult[], tr: Translate): { ok: boolean; detail: string } {
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) return { ok: false, detail: failed.map((r) => tr('incidents.act_restart_failed', { service: r.service, error: r.error?.message ?? tr('incidents.act_failed') })).join('; ') };
  return { ok: true, detail: results.map((r) => tr('incidents.act_restarted', { service: r.service, pid: r.pid ?? '?' })).join(', ') };
}
