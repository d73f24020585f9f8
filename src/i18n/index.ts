/**
 * The message catalogue. Every user-facing string (CLI, Slack, console, reports) comes from here, in `en` and
 * `zh-CN`. Each area owns one file per locale (src/i18n/en/<area>.ts, src/i18n/zh-CN/<area>.ts); the zh-CN file is
 * typed against the en one, so a missing translation is a type error.
 * Placeholders are `{name}`; a missing parameter is left visible as `{name}` rather than throwing.
 * Counts use the ICU plural form, chosen by Intl.PluralRules for the locale, so English never says "1 restarts":
 * `{n, plural, one {# restart} other {# restarts}}` (`#` is the number; `=0 {...}` matches exactly); ordinals with
 * `{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}`.
 */
import { en } from './en/index.js';
import { zhCN } from './zh-CN/index.js';
import type { Locale } from '../config/types.js';

type Area = keyof typeof en;
export type MessageKey = { [A in Area]: `${A & string}.${keyof (typeof en)[A] & string}` }[Area];
export type Params = Record<string, string | number>;

const catalogues: Record<Locale, Record<string, Record<string, string>>> = { en, 'zh-CN': zhCN };

function template(locale: Locale, key: MessageKey): string {
  const dot = key.indexOf('.');
  const area = key.slice(0, dot);
  const name = key.slice(dot + 1);
  return catalogues[locale]?.[area]?.[name] ?? catalogues.en[area]?.[name] ?? key;
}

export function t(locale: Locale, key: MessageKey, params?: Params): string {
  return format(template(locale, key), params, locale);
}

/** A parameter that is already markup of the target format (a Slack mention, channel link or date): kept as is. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}
export const markup = (text: string): Markup => new Markup(text);
export type MarkupParams = Record<string, string | number | Markup>;

/**
 * `t` for a format with its own escaping (Slack mrkdwn): the template and every string parameter go through
 * `escape`, Markup parameters do not. So a mention stays a mention while a service name or an error message from
 * a log can never turn into one.
 */
export function tEscaped(locale: Locale, key: MessageKey, params: MarkupParams, escape: (s: string) => string): string {
  const safe: Params = {};
  for (const [k, v] of Object.entries(params)) safe[k] = v instanceof Markup ? v.text : typeof v === 'string' ? escape(v) : v;
  return format(escape(template(locale, key)), safe, locale);
}

export function format(template: string, params?: Params, locale: Locale = 'en'): string {
  if (!params) return template;
  const plain = (text: string) => text.replace(/\{(\w+)\}/g, (whole, p: string) => (p in params ? String(params[p]) : whole));
  if (!template.includes(', plural,') && !template.includes(', selectordinal,')) return plain(template);
  let out = '';
  let i = 0;
  for (let m = PLURAL_START.exec(template.slice(i)); m; m = PLURAL_START.exec(template.slice(i))) {
    const start = i + m.index;
    const end = matchingBrace(template, start);
    if (end < 0) break;
    out += plain(template.slice(i, start)) + plural(template.slice(start + m[0].length, end), m[1]!, params, locale, plain, m[2] === 'selectordinal' ? 'ordinal' : 'cardinal');
    i = end + 1;
  }
  return out + plain(template.slice(i));
}

const PLURAL_START = /\{(\w+), (plural|selectordinal),/;
const rules = new Map<string, Intl.PluralRules>();

/** Index of the brace closing the one at `open`, or -1. */
function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

/** ` one {# restart} other {# restarts}` for the count in `params[name]` (`ordinal`: `one {#st} two {#nd} ...`). */
function plural(body: string, name: string, params: Params, locale: Locale, plain: (s: string) => string, type: Intl.PluralRuleType): string {
  const n = Number(params[name]);
  const forms = new Map<string, string>();
  for (let j = 0; j < body.length; ) {
    const sel = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(body.slice(j));
    if (!sel) break;
    const open = j + sel[0].length - 1;
    const close = matchingBrace(body, open);
    if (close < 0) break;
    forms.set(sel[1]!, body.slice(open + 1, close));
    j = close + 1;
  }
  let pr = rules.get(`${locale}/${type}`);
  if (!pr) rules.set(`${locale}/${type}`, (pr = new Intl.PluralRules(locale, { type })));
  const chosen = forms.get(`=${n}`) ?? forms.get(Number.isFinite(n) ? pr.select(n) : 'other') ?? forms.get('other') ?? '';
  return plain(chosen.replace(/#/g, Number.isFinite(n) ? String(params[name]) : `{${name}}`));
}

/** A translator bound to one locale: `const tr = translator('zh-CN'); tr('cli.usage')`. */
export type Translate = (key: MessageKey, params?: Params) => string;
export function translator(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
}
