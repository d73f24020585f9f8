/**
 * The message of an alert received from Alertmanager: its alertname, summary and description, where it is (the
 * service of this host it names, else its instance), severity, when it started (Alertmanager's startsAt), state,
 * its labels, and links to the rule's graph (generatorURL), the alert in Alertmanager's UI (the payload's
 * externalURL) and its runbook; a silence made from Slack shows its id and links to it. The buttons are those of
 * teachops' own alerts (Acknowledge stays teachops' own: Alertmanager has none). Labels and annotations are other
 * people's text: redacted and escaped here, clipped to Block Kit's limits. Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { Config } from '../../config/types.js';
import { translator } from '../../i18n/index.js';
import { describeAlert } from '../../monitor/describe.js';
import type { AlertRow } from '../../store/alerts.js';
import type { ExternalAlert } from '../../store/external-alerts.js';
import { redact } from '../../util/redact.js';
import { alertActions, alertEmoji, slackFormat } from './alert.js';
import { clip, context, esc, header, message, section, type SlackMessage } from './blocks.js';
import { mentions } from './mentions.js';

/** A link in mrkdwn: the URL's own `<`, `>`, `|` encoded, `&` escaped, so text cannot break out of it. */
export function link(url: string, text: string): string {
  const safe = url.replace(/[<>|]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
  return `<${safe}|${esc(text)}>`;
}

/** The alert in Alertmanager's UI, filtered by its labels (only the alertname when all of them make the URL too long). */
export function alertmanagerAlertUrl(base: string, labels: Record<string, string>): string {
  const q = (l: [string, string][]) => `{${l.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
  const all = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  const url = (l: [string, string][]) => `${base.replace(/\/$/, '')}/#/alerts?silenced=true&inhibited=true&active=true&filter=${encodeURIComponent(q(l))}`;
  const full = url(all);
  return full.length <= 1500 || labels.alertname === undefined ? full : url([['alertname', labels.alertname]]);
}

const shown = (s: string, max: number) => esc(clip(redact(s), max));

/** `mention`: who must hear it, on the message's first post (as for teachops' own alerts). */
export function alertmanagerAlertMessage(a: AlertRow, ext: ExternalAlert | undefined, config: Pick<Config, 'locale' | 'services'>, host?: string, mention: readonly string[] = []): SlackMessage {
  const tr = translator(config.locale);
  const d = describeAlert(a, config, slackFormat, host);
  const labels = ext?.labels ?? {};
  const notes = ext?.annotations ?? {};
  const summary = notes.summary ?? a.detail ?? '';
  const description = notes.description && notes.description !== summary ? notes.description : '';
  const where = a.service !== null ? d.where : (labels.instance ?? labels.host ?? d.where);
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` });

  const who = mention.length ? mentions(mention) : '';
  const blocks: KnownBlock[] = [header(`${alertEmoji(a)} ${redact(d.title)}`)];
  if (who) blocks.push(section(who));
  const text = [summary ? `*${shown(summary, 300)}*` : '', description ? shown(description, 1500) : ''].filter(Boolean).join('\n');
  blocks.push(
    section(text || esc(d.value), {
      block_id: `alert:${a.id}:summary`,
      fields: [
        field(tr('alerts.field_where'), shown(where, 200)),
        field(tr('alertmanager.field_severity'), labels.severity ? shown(labels.severity, 100) : '-'),
        field(tr('alertmanager.field_started'), slackFormat.at(ext?.starts_at ?? a.fired_at)),
        field(tr('alerts.field_state'), d.state),
      ],
    }),
  );
  const pairs = Object.entries(labels)
    .filter(([k]) => k !== 'alertname')
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([k, v]) => `\`${shown(k, 100)}=${shown(v, 200).replace(/`/g, "'")}\``);
  if (pairs.length > 0) blocks.push(section(clip(`*${tr('alertmanager.labels')}*: ${pairs.join('  ')}`, 2900)));

  const status = [...d.status];
  if (a.silence !== null && ext?.silence_id) {
    const label = tr('alertmanager.link_silence', { id: ext.silence_id });
    const at = ext.external_url ? link(`${ext.external_url.replace(/\/$/, '')}/#/silences/${encodeURIComponent(ext.silence_id)}`, label) : esc(label);
    status.push(tr('alertmanager.silenced_at_source', { link: at }));
  }
  const links = [
    ext?.generator_url ? link(ext.generator_url, tr('alertmanager.link_source')) : '',
    ext?.external_url ? link(alertmanagerAlertUrl(ext.external_url, labels), tr('alertmanager.link_alertmanager')) : '',
    notes.runbook_url && /^https?:\/\//i.test(notes.runbook_url) ? link(notes.runbook_url, tr('alertmanager.link_runbook')) : '',
  ].filter(Boolean);
  blocks.push(context([...status, ...(links.length ? [links.join(' · ')] : []), `#${a.id} · \`${esc(a.key)}\` · ${esc(tr('alertmanager.from_alertmanager', { receiver: ext?.receiver ?? '?' }))}`]));
  const actions = alertActions(a, config);
  if (actions) blocks.push(actions);
  // The notification text: mentions first (markup, never redacted or escaped), so the people named are notified.
  return message(`${who ? `${who} ` : ''}${redact(`${d.state}: ${d.title}${summary ? `: ${summary}` : ''}`)}`, blocks);
}
