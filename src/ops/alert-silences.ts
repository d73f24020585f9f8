/**
 * Silence and Unsilence of an alert that comes from Alertmanager: the silence is made (or expired) at Alertmanager
 * through its source hook first, and recorded here only once Alertmanager has it, with its id, in one transaction
 * with the alert's event and its Slack update. A source that is not configured, down or refusing throws a coded
 * error naming the reason, and nothing is recorded. Acknowledgement stays teachops' own (Alertmanager has none).
 */
import { hostname } from 'node:os';
import { formatDuration } from '../config/units.js';
import { t } from '../i18n/index.js';
import { SILENCE_MS, type SilenceResult, type UnsilenceResult } from '../monitor/book.js';
import { AlertmanagerAlerts } from '../monitor/alertmanager.js';
import { describeAlert, plainFormat } from '../monitor/describe.js';
import type { AlertRow, SilenceMode } from '../store/alerts.js';
import type { ExternalAlert } from '../store/external-alerts.js';
import { AlertmanagerNotConfiguredError, UNTIL_RESOLVED_MAX_MS, type AlertSource } from './alert-sources.js';
import { alertBook } from './alerts.js';
import { actorLabel, type Actor, type OpsContext } from './types.js';

/** The Alertmanager alerts over this context's store and notification port. */
export function alertmanagerAlerts(ctx: OpsContext): AlertmanagerAlerts {
  return new AlertmanagerAlerts({ book: alertBook(ctx), store: ctx.store, clock: ctx.clock, config: ctx.config, host: ctx.config.metrics?.host ?? hostname() });
}

async function sourceOf(ctx: OpsContext, alert: AlertRow): Promise<AlertSource> {
  const source = await ctx.alertSources?.alertmanager();
  if (!source) throw new AlertmanagerNotConfiguredError(alert.id, ctx.config.locale);
  return source;
}

function externalOf(ctx: OpsContext, alert: AlertRow): ExternalAlert {
  const ext = ctx.store.externalAlerts.get(alert.id);
  // Written with the alert in one transaction: missing only if the database was edited by hand.
  if (!ext) throw new Error(`alert #${alert.id} has no Alertmanager record`);
  return ext;
}

function comment(ctx: OpsContext, alert: AlertRow, ext: ExternalAlert, mode: SilenceMode): string {
  const locale = ctx.config.locale;
  const title = describeAlert(alert, ctx.config, plainFormat).title + (alert.detail ? `: ${alert.detail}` : '');
  const runbook = ext.annotations.runbook_url;
  return (
    t(locale, 'alertmanager.silence_comment', { id: alert.id, title }) +
    (runbook ? t(locale, 'alertmanager.silence_comment_runbook', { url: runbook }) : '') +
    (mode === 'resolved' ? t(locale, 'alertmanager.silence_comment_until_resolved', { max: formatDuration(UNTIL_RESOLVED_MAX_MS) }) : '')
  );
}

export async function silenceAtSource(ctx: OpsContext, actor: Actor, alert: AlertRow, mode: SilenceMode): Promise<SilenceResult> {
  if (alert.state === 'resolved') return { status: 'resolved', alert };
  const source = await sourceOf(ctx, alert);
  const external = externalOf(ctx, alert);
  const who = actorLabel(actor);
  const endsAt = ctx.clock.now() + (mode === 'resolved' ? UNTIL_RESOLVED_MAX_MS : SILENCE_MS[mode]);
  const remote = await source.silence({
    alert,
    external,
    mode,
    endsAt,
    createdBy: actor.name ? t(ctx.config.locale, 'alertmanager.created_by', { name: actor.name, who }) : who,
    comment: comment(ctx, alert, external, mode),
    replaces: alert.silence !== null ? external.silence_id : null,
  });
  const am = alertmanagerAlerts(ctx);
  const outcome = am.recordSilence(alert.id, mode, who, remote.id);
  if (outcome === 'resolved') {
    // It resolved while Alertmanager was asked: take the silence back now (the daemon retries if this fails).
    await source
      .unsilence({ alert, external, silenceId: remote.id })
      .then(() => am.silenceExpired(alert.id, null))
      .catch(() => undefined);
  }
  return { status: outcome, alert: ctx.store.alerts.get(alert.id)! };
}

export async function unsilenceAtSource(ctx: OpsContext, actor: Actor, alert: AlertRow): Promise<UnsilenceResult> {
  const external = externalOf(ctx, alert);
  const am = alertmanagerAlerts(ctx);
  // A silence that already ended there (its link is gone) ends here without asking.
  if (external.silence_id !== null) await (await sourceOf(ctx, alert)).unsilence({ alert, external, silenceId: external.silence_id });
  return am.silenceExpired(alert.id, actorLabel(actor)) ?? { status: 'not_silenced', alert };
}
