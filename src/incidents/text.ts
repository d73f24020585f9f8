/** Text helpers shared by the Slack views, the CLI and the postmortem: titles per locale and who did something. */
import { t, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../config/types.js';
import type { Incident, IncidentPhase, IncidentStep, LocalizedText } from './types.js';

const CATALOGUE_KEY = /^incidents\.[a-z0-9_]+$/;

/** A runbook title in `locale`: the locale's own text, else English; a catalogue key is looked up. */
export function localize(text: LocalizedText, locale: Locale): string {
  if (typeof text !== 'string') return text[locale] ?? text.en;
  // Only keys of the incidents area: other strings are literal titles even when they contain a dot.
  return CATALOGUE_KEY.test(text) ? t(locale, text as MessageKey) : text;
}

export type WhoStyle = 'slack' | 'plain';

/** `slack:U0123` is a mention in Slack and the bare id elsewhere; `cli:alice` is "alice (host)". */
export function who(label: string, style: WhoStyle, locale: Locale = 'en'): string {
  const [source, ...rest] = label.split(':');
  const id = rest.join(':');
  if (source === 'slack') return style === 'slack' ? `<@${id}>` : `@${id}`;
  if (source === 'cli') return t(locale, 'incidents.who_cli', { user: id });
  return label;
}

/** The first phase with a step not done; undefined when every step is done. */
export function currentPhase(inc: Incident): IncidentPhase | undefined {
  return inc.phases.find((p) => inc.steps.some((s) => s.phase_id === p.id && s.state !== 'done'));
}

export function stepsOf(inc: Incident, phaseId: string): IncidentStep[] {
  return inc.steps.filter((s) => s.phase_id === phaseId);
}

export function isOverdue(inc: Incident, phase: IncidentPhase, now: number): boolean {
  return inc.state === 'open' && now >= phase.due_at && stepsOf(inc, phase.id).some((s) => s.state !== 'done');
}

/** Steps of the root-cause phase still not done (the Resolve dialog warns about them). */
export function openRootCauseSteps(inc: Incident): IncidentStep[] {
  const phase = inc.phases.find((p) => p.milestone === 'root_cause');
  return phase ? stepsOf(inc, phase.id).filter((s) => s.state !== 'done') : [];
}
