/** `/teach incidents`: the newest incidents, one line each, with a link to the open ones' messages. Pure. */
import type { Locale } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { currentPhase } from '../../incidents/progress.js';
import { localize, who } from '../../incidents/text.js';
import type { Incident } from '../../incidents/types.js';
import { esc, message, section, slackTime, type SlackMessage } from './blocks.js';

export function incidentListMessage(incidents: Incident[], locale: Locale): SlackMessage {
  const tr = translator(locale);
  if (incidents.length === 0) return message(tr('incidents.list_empty'), [section(tr('incidents.list_empty'))]);
  const line = (i: Incident, style: 'slack' | 'plain') => {
    const phase = i.state === 'open' ? currentPhase(i) : undefined;
    return tr('incidents.list_line', {
      id: i.id,
      state: tr(i.state === 'open' ? 'incidents.incident_open' : 'incidents.incident_resolved'),
      title: esc(i.title),
      lead: who(i.lead, style, locale),
      started: style === 'slack' ? slackTime(i.started_at, '{date_short} {time}') : new Date(i.started_at).toISOString().slice(0, 16).replace('T', ' '),
      phase: phase ? ` · ${localize(phase.title, locale)}` : '',
    });
  };
  const text = [tr('incidents.list_head'), ...incidents.map((i) => `• ${line(i, 'slack')}`)].join('\n');
  return message(incidents.map((i) => line(i, 'plain')).join('\n'), [section(text)]);
}
