/**
 * Alerts that come from another system (Alertmanager) are silenced there: a silence kept only in teachops would
 * hide nothing from that system's other receivers and would be lost to `amtool` and its UI. Each source is a hook
 * the operations call before they record anything, so a source that is down or refuses leaves nothing half-done.
 * teachops' own alerts have no source hook: their silence is teachops' own.
 */
import type { Locale } from '../config/types.js';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { AlertRow, SilenceMode } from '../store/alerts.js';
import type { ExternalAlert, ExternalSource } from '../store/external-alerts.js';

export interface SourceSilenceRequest {
  alert: AlertRow;
  external: ExternalAlert;
  mode: SilenceMode;
  /** epoch ms */
  endsAt: number;
  /** who made it, as the source shows it */
  createdBy: string;
  comment: string;
  /** the source's silence it replaces (silenced again while silenced): updated in place where the source can */
  replaces: string | null;
}

export interface AlertSource {
  /** Makes the silence at the source; rejects with a TeachopsError saying why (then nothing was silenced). */
  silence(req: SourceSilenceRequest): Promise<{ id: string; url: string }>;
  /** Ends it there; one the source no longer has counts as ended. Rejects with a TeachopsError otherwise. */
  unsilence(req: { alert: AlertRow; external: ExternalAlert; silenceId: string }): Promise<void>;
}

/** The hooks, by source; functions so the CLI loads and builds one only when an alert of that source is touched. */
export type AlertSources = { [S in ExternalSource]: () => AlertSource | undefined | Promise<AlertSource | undefined> };

/** The longest an until-resolved silence lasts at the source if teachops never sees the alert resolve. */
export const UNTIL_RESOLVED_MAX_MS = 7 * 24 * 3_600_000;

/** ALERTMANAGER_URL is not set: teachops has nowhere to make the silence of an Alertmanager alert. */
export class AlertmanagerNotConfiguredError extends TeachopsError {
  readonly code = 'alertmanager_not_configured';
  constructor(readonly alertId: number, locale: Locale = 'en') {
    super(t(locale, 'alertmanager.not_configured', { id: alertId }), { hint: t(locale, 'alertmanager.not_configured_hint') });
  }
}
