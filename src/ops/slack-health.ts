/**
 * Slack's state as the daemon last saw it, for `teach status` and `teach doctor` in any process: the daemon writes
 * it to the store when it changes (src/app/slack-health.ts); a reader shows it only while that daemon still runs
 * (a stale record of a dead daemon says nothing about Slack).
 */
import type { Store } from '../store/index.js';
import type { Translate } from '../i18n/index.js';
import type { DoctorCheck } from './doctor.js';

export const SLACK_HEALTH_KEY = 'slack.health';

export type SlackHealthRecord =
  | { state: 'ok' }
  /** the bot token is refused (invalid_auth, token_revoked, account_inactive, missing_scope, not_authed ...) */
  | { state: 'auth'; code: string; needed?: string; since: number }
  /** Slack cannot be reached, or does not take updates (5xx, timeouts) */
  | { state: 'unreachable'; reason: string; since: number };

/** The record of the running daemon, when Slack is not fine; undefined when it is, or no daemon runs. */
export function readSlackHealth(store: Store): Exclude<SlackHealthRecord, { state: 'ok' }> | undefined {
  if (!store.locks.holder('daemon')) return undefined;
  const r = store.kv.get<SlackHealthRecord>(SLACK_HEALTH_KEY)?.value;
  return r && r.state !== 'ok' ? r : undefined;
}

/** Why Slack is not taking updates, in a word or two: the refusal code (`token_revoked`) or the failure. */
export function slackHealthReason(r: Exclude<SlackHealthRecord, { state: 'ok' }>): string {
  return r.state === 'auth' ? r.code : r.reason;
}

/** One line for a person: "Slack token revoked since 10:02: alerts are on the console ..." */
export function slackHealthLine(r: Exclude<SlackHealthRecord, { state: 'ok' }>, tr: Translate): string {
  const since = `${new Date(r.since).toISOString().slice(0, 16).replace('T', ' ')}Z`;
  if (r.state === 'unreachable') return tr('delivery.status_unreachable', { since, reason: r.reason });
  if (r.code === 'token_revoked') return tr('delivery.status_auth_token_revoked', { since });
  if (r.code === 'missing_scope') return tr('delivery.status_scope', { since, needed: r.needed ?? '?' });
  return tr('delivery.status_auth', { since, code: r.code });
}

/** `teach doctor`: what the running daemon knows about Slack (nothing to say when it is fine or not running). */
export function slackHealthCheck(store: Store, tr: Translate): DoctorCheck | undefined {
  const r = readSlackHealth(store);
  if (!r) return undefined;
  const hint = r.state === 'auth' && r.code === 'missing_scope' ? tr('delivery.auth_hint_scope', { needed: r.needed ?? '?' }) : r.state === 'auth' ? tr('delivery.auth_hint_token') : tr('delivery.status_hint');
  return { name: 'slack', level: 'warn', detail: slackHealthLine(r, tr), hint };
}
