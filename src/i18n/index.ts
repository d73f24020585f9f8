/**
 * The message catalogue. Every user-facing string (CLI, Slack, console, reports) comes from here, in `en` and
 * `zh-CN`. Each area owns one file per locale (src/i18n/en/<area>.ts, src/i18n/zh-CN/<area>.ts); the zh-CN file is
 * typed against the en one, so a missing translation is a type error.
 * Placeholders are `{name}`; a missing parameter is left visible as `{name}` rather than throwing.
 */
import { en } from './en/index.js';
import { zhCN } from './zh-CN/index.js';
import type { Locale } from '../config/types.js';

type Area = keyof typeof en;
export type MessageKey = { [A in Area]: `${A & string}.${keyof (typeof en)[A] & string}` }[Area];
export type Params = Record<string, string | number>;

const catalogues: Record<Locale, Record<string, Record<string, string>>> = { en, 'zh-CN': zhCN };

export function t(locale: Locale, key: MessageKey, params?: Params): string {
  const dot = key.indexOf('.');
  const area = key.slice(0, dot);
  const name = key.slice(dot + 1);
  const template = catalogues[locale]?.[area]?.[name] ?? catalogues.en[area]?.[name] ?? key;
  return format(template, params);
}

export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, p: string) => (p in params ? String(params[p]) : whole));
}

/** A translator bound to one locale: `const tr = translator('zh-CN'); tr('cli.usage')`. */
export type Translate = (key: MessageKey, params?: Params) => string;
export function translator(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
}
