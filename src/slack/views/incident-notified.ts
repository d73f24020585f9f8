/** "Notified: <!here> <@U1> in #ops at 09:02": who the notify step told, as real mentions (never escaped). Pure. */
import type { Locale } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import type { Notified } from '../../incidents/types.js';
import { slackTime } from './blocks.js';
import { mentions } from './mentions.js';

export function notifiedText(n: Notified, locale: Locale): string {
  const tr = translator(locale);
  const whom = n.mention.length ? mentions(n.mention) : tr('incidents.notified_nobody');
  const where = n.channel ? `<#${n.channel}>` : tr('incidents.notified_console');
  return tr('incidents.notified_line', { whom, where, when: slackTime(n.at) });
}
