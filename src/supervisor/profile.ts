/**
 * Which configuration a service runs: its normal one or its `fallback`. Switching is an operator's decision (the
 * runbook's "switch to the fallback", `Switch back`), so it is kept in the store and survives a plain restart, a
 * crash restart and a restart of teachops until someone switches back.
 */
import type { ServiceConfig } from '../config/types.js';
import type { Store } from '../store/index.js';

const key = (service: string) => `service.fallback.${service}`;

export function fallbackActive(store: Store, svc: ServiceConfig): boolean {
  return svc.fallback !== null && store.kv.get<{ active: boolean }>(key(svc.name))?.value.active === true;
}

/** The profile a start uses: the one asked for, else the one in force. */
export function wantsFallback(store: Store, svc: ServiceConfig, asked: boolean | undefined): boolean {
  if (svc.fallback === null) return false;
  return asked ?? fallbackActive(store, svc);
}

export function recordProfile(store: Store, service: string, active: boolean, by: string, at: number): void {
  store.kv.set(key(service), { active, by }, at);
}
