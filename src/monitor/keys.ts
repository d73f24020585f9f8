/** Alert keys (DESIGN.md "Alerts"): one active alert per key, so the key says exactly what is wrong where. */
import type { AlertKind, NewAlert } from '../store/alerts.js';

export const alertKey = {
  serviceDown: (svc: string) => `service_down:${svc}`,
  health: (svc: string) => `health:${svc}`,
  cpu: () => 'cpu',
  memory: () => 'memory',
  disk: (mount: string) => `disk:${mount}`,
  serviceCpu: (svc: string) => `service_cpu:${svc}`,
  serviceMemory: (svc: string) => `service_memory:${svc}`,
  crashLoop: (svc: string) => `crash_loop:${svc}`,
  logsDisk: () => 'logs_disk',
  stateStore: () => 'state_store',
};

/** Kinds whose alert is about one service (they get a Restart button). */
export const SERVICE_KINDS: readonly AlertKind[] = ['service_down', 'health', 'service_cpu', 'service_memory', 'crash_loop'];

/** A new alert's identity fields from its kind and subject. */
export function alertIdentity(kind: AlertKind, subject?: string): Pick<NewAlert, 'key' | 'kind' | 'service' | 'subject'> {
  const isService = SERVICE_KINDS.includes(kind);
  const key = subject === undefined ? kind : `${kind}:${subject}`;
  return { key, kind, service: isService ? (subject ?? null) : null, subject: kind === 'disk' ? (subject ?? null) : null };
}
