/** Text helpers shared by the Slack views, the CLI and the postmortem: titles per locale and who did something. */
import { t, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../config/types.js';
import type { LocalizedText } from './types.js';

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

/** A mention as plain text (console, postmortem, a step's result): `U0123` / `<@U0123>` -> `@U0123`, `here` -> `@here`. */
export function plainMention(m: string): string {
  const markup = /^<[@#!](?:subteam\^)?([^|>]+)(?:\|[^>]*)?>$/.exec(m);
  return `@${(markup ? markup[1]! : m).replace(/^slack:|^@/, '')}`;
}
