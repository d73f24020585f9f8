/**
 * Alerts as user intents: list, acknowledge, silence, unsilence. Acknowledge and (un)silence are operator-only from Slack and
 * audited; a click on an alert that has moved on (resolved, already acknowledged) changes nothing and says so
 * through the result's status. Works from any process: the change and its notifications go through the store.
 */
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../config/types.js';
import { AlertBook, type AckResult, type SilenceResult, type UnsilenceResult } from '../monitor/book.js';
import { silenceAtSource, unsilenceAtSource } from './alert-silences.js';
import type { AlertRow, SilenceMode } from '../store/alerts.js';
import { assertMayMutate } from './access.js';
import { audited } from './audited.js';
import { actorLabel, notificationsOf, type Actor, type OpsContext } from './types.js';

export class AlertNotFoundError extends TeachopsError {
  readonly code = 'alert_not_found';
  constructor(readonly id: number, locale: Locale = 'en') {
    super(t(locale, 'alerts.not_found', { id }), { hint: t(locale, 'alerts.not_found_hint') });
  }
}

export class BadSilenceError extends TeachopsError {
  readonly code = 'bad_silence';
  override exitCode = 2;
  constructor(readonly value: string, locale: Locale = 'en') {
    super(t(locale, 'alerts.bad_silence', { value }), { hint: t(locale, 'alerts.bad_silence_hint') });
  }
}

export const SILENCE_MODES: readonly SilenceMode[] = ['1h', '4h', 'resolved'];

export function parseSilence(value: string, locale: Locale = 'en'): SilenceMode {
  const m = SILENCE_MODES.find((s) => s === value.trim().toLowerCase());
  if (!m) throw new BadSilenceError(value, locale);
  return m;
}

/** The alert lifecycle over this context's store and notification port. */
export function alertBook(ctx: OpsContext): AlertBook {
  return new AlertBook({ store: ctx.store, clock: ctx.clock, config: ctx.config, notifications: notificationsOf(ctx) });
}

/** Active alerts, oldest first; with `all`, the most recent `limit` alerts of any state, newest first. */
export function listAlerts(ctx: OpsContext, opts: { all?: boolean; limit?: number } = {}): AlertRow[] {
  return opts.all ? ctx.store.alerts.recent(opts.limit ?? 50) : ctx.store.alerts.active();
}

export async function acknowledgeAlert(ctx: OpsContext, actor: Actor, id: number): Promise<AckResult> {
  return audited(
    ctx,
    actor,
    { action: 'alert.ack', args: { alert: id }, outcome: (r: AckResult) => (r.status === 'acknowledged' ? { outcome: 'ok' } : { outcome: 'failed', detail: `unchanged: ${r.status}` }) },
    () => {
      assertMayMutate(ctx.config, actor);
      const r = alertBook(ctx).acknowledge(id, actorLabel(actor));
      if (!r) throw new AlertNotFoundError(id, ctx.config.locale);
      return r;
    },
  );
}

/** An Alertmanager alert is silenced in Alertmanager first (alert-silences.ts); teachops' own, here. */
export async function silenceAlert(ctx: OpsContext, actor: Actor, id: number, mode: SilenceMode): Promise<SilenceResult> {
  return audited(
    ctx,
    actor,
    { action: 'alert.silence', args: { alert: id, for: mode }, outcome: (r: SilenceResult) => (r.status === 'silenced' ? { outcome: 'ok' } : { outcome: 'failed', detail: `unchanged: ${r.status}` }) },
    async () => {
      assertMayMutate(ctx.config, actor);
      const alert = ctx.store.alerts.get(id);
      if (!alert) throw new AlertNotFoundError(id, ctx.config.locale);
      if (alert.kind === 'alertmanager') return silenceAtSource(ctx, actor, alert, mode);
      return alertBook(ctx).silence(id, mode, actorLabel(actor))!;
    },
  );
}

/** Ends a silence early: at Alertmanager first for its alerts; notifications resume. */
export async function unsilenceAlert(ctx: OpsContext, actor: Actor, id: number): Promise<UnsilenceResult> {
  return audited(
    ctx,
    actor,
    { action: 'alert.unsilence', args: { alert: id }, outcome: (r: UnsilenceResult) => (r.status === 'unsilenced' ? { outcome: 'ok' } : { outcome: 'failed', detail: `unchanged: ${r.status}` }) },
    async () => {
      assertMayMutate(ctx.config, actor);
      const alert = ctx.store.alerts.get(id);
      if (!alert) throw new AlertNotFoundError(id, ctx.config.locale);
      if (alert.state === 'resolved') return { status: 'resolved', alert };
      if (alert.silence === null) return { status: 'not_silenced', alert };
      if (alert.kind === 'alertmanager') return unsilenceAtSource(ctx, actor, alert);
      return alertBook(ctx).unsilence(id, actorLabel(actor))!;
    },
  );
}

/** The alert's thread links the incident declared from it (Start runbook, `teach incident start --alert`). */
export function noteIncidentOnAlert(ctx: OpsContext, actor: Actor, alertId: number, incident: { id: number; title: string }): void {
  const who = actorLabel(actor);
  alertBook(ctx).note(alertId, 'incident', { incident: incident.id, title: incident.title, who }, {}, who);
}
