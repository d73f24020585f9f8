/** One coded error per way an incident request can be wrong; the message says what was found, the hint what to do. */
import { TeachopsError } from '../errors.js';
import { markup, t, tEscaped } from '../i18n/index.js';
import { escapeMrkdwn } from '../util/mrkdwn.js';
import type { Locale } from '../config/types.js';
import type { StepKind, StepState } from './types.js';
import { who } from './text.js';

export class NoRunbookError extends TeachopsError {
  readonly code = 'no_runbook';
  constructor(locale: Locale = 'en') {
    super(t(locale, 'incidents.err_no_runbook'), { hint: t(locale, 'incidents.err_no_runbook_hint') });
  }
}

export class UnknownIncidentError extends TeachopsError {
  readonly code = 'unknown_incident';
  constructor(readonly id: number | string, locale: Locale = 'en') {
    super(t(locale, 'incidents.err_unknown_incident', { id: String(id) }), { hint: t(locale, 'incidents.err_unknown_incident_hint') });
  }
}

export class UnknownAlertError extends TeachopsError {
  readonly code = 'unknown_alert';
  constructor(readonly id: number, locale: Locale = 'en') {
    super(t(locale, 'incidents.err_unknown_alert', { id }), { hint: t(locale, 'incidents.err_unknown_alert_hint') });
  }
}

export class UnknownStepError extends TeachopsError {
  readonly code = 'unknown_step';
  constructor(readonly id: number, readonly step: string, valid: string[], locale: Locale = 'en') {
    super(t(locale, 'incidents.err_unknown_step', { id, step, valid: valid.join(', ') }));
  }
}

export class IncidentResolvedError extends TeachopsError {
  readonly code = 'incident_resolved';
  constructor(readonly id: number, by: string, locale: Locale = 'en') {
    super(t(locale, 'incidents.err_resolved', { id, by: who(by, 'plain', locale) }));
  }
}

/** The step is not of the kind the request needs (Done on a step that runs an action, Write on a manual one ...). */
export class WrongStepKindError extends TeachopsError {
  readonly code = 'wrong_step_kind';
  constructor(readonly step: string, readonly kind: StepKind, locale: Locale = 'en') {
    super(t(locale, 'incidents.err_wrong_kind', { step, kind: t(locale, `incidents.kind_${kind}`) }));
  }
}

/** The step moved on before this request (a second click, another operator): the current state, nothing changed. */
export class StepStateError extends TeachopsError {
  readonly code = 'step_state';
  constructor(readonly step: string, readonly state: StepState, by: string, locale: Locale = 'en') {
    const key = state === 'running' ? 'incidents.err_step_running' : state === 'not_needed' ? 'incidents.err_step_not_needed' : 'incidents.err_step_done';
    super(t(locale, key, { step, by: who(by, 'plain', locale) }));
  }
}

/** `Switch back` on a service that no longer runs its fallback (a second click, or restarted since). */
export class NotOnFallbackError extends TeachopsError {
  readonly code = 'not_on_fallback';
  constructor(readonly service: string, locale: Locale = 'en') {
    super(t(locale, 'incidents.err_not_on_fallback', { service }));
  }
}

export class EmptyTextError extends TeachopsError {
  readonly code = 'empty_text';
  constructor(locale: Locale = 'en') {
    super(t(locale, 'incidents.err_empty_text'));
  }
}

/** Skip without saying why: the reason is what the postmortem needs. */
export class EmptyReasonError extends TeachopsError {
  readonly code = 'empty_reason';
  constructor(locale: Locale = 'en') {
    super(t(locale, 'incidents.err_empty_reason'), { hint: t(locale, 'incidents.err_empty_reason_hint') });
  }
}

/** Rename from Slack by someone who does not lead the incident: the lead owns how it is called. */
export class NotLeadError extends TeachopsError {
  readonly code = 'not_lead';
  constructor(readonly id: number, lead: string, locale: Locale = 'en') {
    // The terminal reads "@U0123"; Slack gets the lead as a mention (markup), never as escaped text.
    super(t(locale, 'incidents.err_not_lead', { id, lead: who(lead, 'plain', locale) }), {
      hint: t(locale, 'incidents.err_not_lead_hint'),
      markup: tEscaped(locale, 'incidents.err_not_lead', { id, lead: markup(who(lead, 'slack', locale)) }, escapeMrkdwn),
    });
  }
}
