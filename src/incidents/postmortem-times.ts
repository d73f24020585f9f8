/**
 * The three times of the postmortem, each with what it is measured from and to. They start when the incident
 * started for the people it hurt: the first linked alert's first firing, or the declaration when no alert is linked.
 * Acknowledged is the first response by a person: the alert's first acknowledgement, a person declaring the incident
 * from the alert, or the first thing someone did in the incident, whichever came first. Pure.
 */
import type { Locale } from '../config/types.js';
import { translator } from '../i18n/index.js';
import { localize } from './text.js';
import type { Incident, TimelineEvent } from './types.js';

export interface Point {
  at: number;
  /** what happened then, for people ("`service_down:llm` firing", "its acknowledgement by Alice Chen (@alice)") */
  what: string;
}

export interface Measure {
  name: 'tta' | 'ttr' | 'ttrc';
  from: Point;
  /** null: not reached */
  to: Point | null;
}

export interface TimesInput {
  incident: Incident;
  events: TimelineEvent[];
  /** the first acknowledgement of the first linked alert */
  alertAck: { at: number; actor: string } | null;
  /** a person's name for an actor label */
  who: (label: string) => string;
  locale: Locale;
}

/** Kinds that are not a person responding, even when a person's label is on them (a reminder names the lead). */
const NOT_A_RESPONSE = new Set<TimelineEvent['kind']>(['declared', 'reminder', 'resolved']);

export function measures(t: TimesInput): Measure[] {
  const tr = translator(t.locale);
  const inc = t.incident;
  const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;
  const first = [...inc.alerts].sort((a, b) => (a.fired_at ?? a.linked_at) - (b.fired_at ?? b.linked_at))[0];
  const from: Point = first
    ? { at: first.fired_at ?? first.linked_at, what: tr('incidents.pm_from_alert', { key: first.key, at: clock(first.fired_at ?? first.linked_at) }) }
    : { at: inc.started_at, what: tr('incidents.pm_from_declaration', { at: clock(inc.started_at) }) };

  const acks: Point[] = [];
  if (first && t.alertAck) acks.push({ at: t.alertAck.at, what: tr('incidents.pm_to_alert_ack', { who: t.who(t.alertAck.actor), at: clock(t.alertAck.at) }) });
  if (first && inc.declared_by !== 'teachops') acks.push({ at: inc.started_at, what: tr('incidents.pm_to_declared', { who: t.who(inc.declared_by), at: clock(inc.started_at) }) });
  const response = t.events.find((e) => e.actor !== 'teachops' && !NOT_A_RESPONSE.has(e.kind));
  if (response) acks.push({ at: response.at, what: tr('incidents.pm_to_response', { who: t.who(response.actor), at: clock(response.at) }) });
  const ack = acks.filter((p) => p.at >= from.at).sort((a, b) => a.at - b.at)[0] ?? null;

  const phaseOf = (m: 'recovered' | 'root_cause') => inc.phases.find((p) => p.milestone === m);
  const reached = (at: number | null, m: 'recovered' | 'root_cause'): Point | null => {
    if (at === null) return null;
    const verify = t.events.find((e) => e.kind === 'step_done' && e.at === at && inc.steps.find((s) => s.id === e.step_id)?.run === 'verify');
    const step = verify ? inc.steps.find((s) => s.id === verify.step_id) : undefined;
    if (m === 'recovered' && step) return { at, what: tr('incidents.pm_to_verified', { step: localize(step.title, t.locale), at: clock(at) }) };
    const phase = phaseOf(m);
    return { at, what: tr('incidents.pm_to_phase', { phase: phase ? localize(phase.title, t.locale) : m, at: clock(at) }) };
  };
  return [
    { name: 'tta', from, to: ack },
    { name: 'ttr', from, to: reached(inc.recovered_at, 'recovered') },
    { name: 'ttrc', from, to: reached(inc.root_cause_at, 'root_cause') },
  ];
}
