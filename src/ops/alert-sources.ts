/**
 * Where an alert came from decides what silencing it means outside teachops. teachops' own alerts need nothing
 * more; a source like Alertmanager also creates (and expires) its own silence through its API. A source registers
 * hooks by alert kind on the OpsContext; silence and unsilence run them inside the same audited operation, before
 * the change is recorded, so a hook that throws (the source refused, or cannot be reached) changes nothing and
 * the operator is told why.
 */
import type { AlertRow, SilenceMode } from '../store/alerts.js';
import type { OpsContext } from './types.js';

export interface AlertSourceHooks {
  /** before a silence is recorded: `until` is null for "until resolved" */
  silence?(alert: AlertRow, s: { mode: SilenceMode; until: number | null; by: string }): Promise<void> | void;
  /** before a silence is lifted */
  unsilence?(alert: AlertRow, by: string): Promise<void> | void;
}

/** Hooks by alert kind (e.g. `alertmanager`); kinds without hooks are teachops' own. */
export type AlertSources = ReadonlyMap<string, AlertSourceHooks>;

export function hooksFor(ctx: Pick<OpsContext, 'alertSources'>, alert: AlertRow): AlertSourceHooks {
  return ctx.alertSources?.get(alert.kind) ?? {};
}
