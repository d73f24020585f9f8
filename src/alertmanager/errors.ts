/**
 * Why a call to Alertmanager's API did not do what was asked, one coded error per failure, each naming the URL (without
 * credentials), the reason and the fix. A button that gets one of these answers with it (ephemeral) and nothing is
 * recorded locally.
 */
import type { Locale } from '../config/types.js';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';

/** What teachops was doing: the message says what did not happen. */
export type AlertmanagerAction = { kind: 'silence'; alert: number } | { kind: 'unsilence'; alert: number; silence: string } | { kind: 'read' };

function actionText(locale: Locale, a: AlertmanagerAction, url: string, reason: string): string {
  switch (a.kind) {
    case 'silence':
      return t(locale, 'alertmanager.silence_failed', { id: a.alert, url, reason });
    case 'unsilence':
      return t(locale, 'alertmanager.unsilence_failed', { id: a.alert, url, reason, silence: a.silence });
    case 'read':
      return t(locale, 'alertmanager.read_failed', { url, reason });
  }
}

/** ALERTMANAGER_URL is set to something that is not an http(s) URL. */
export class AlertmanagerBadUrlError extends TeachopsError {
  readonly code = 'alertmanager_bad_url';
  constructor(readonly value: string, locale: Locale = 'en') {
    super(t(locale, 'alertmanager.bad_url', { value }), { hint: t(locale, 'alertmanager.bad_url_hint') });
  }
}

/** No answer: connection refused, DNS, timeout. */
export class AlertmanagerUnreachableError extends TeachopsError {
  readonly code = 'alertmanager_unreachable';
  constructor(readonly url: string, readonly reason: string, readonly action: AlertmanagerAction, locale: Locale = 'en') {
    super(actionText(locale, action, url, reason), { hint: t(locale, 'alertmanager.unreachable_hint', { url }) });
  }
}

/** Alertmanager answered with an error status (its answer is in the message). */
export class AlertmanagerRefusedError extends TeachopsError {
  readonly code = 'alertmanager_refused';
  constructor(readonly url: string, readonly status: number, readonly body: string, readonly action: AlertmanagerAction, locale: Locale = 'en') {
    super(actionText(locale, action, url, t(locale, 'alertmanager.reason_status', { status, body: body || '-' })), { hint: t(locale, 'alertmanager.refused_hint') });
  }
}
