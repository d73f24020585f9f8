/**
 * The host snapshots of the postmortem: the one taken when the first linked alert fired (the monitor's summary, kept
 * with the alert) and the one taken at resolution (top processes with their command lines). Pure text from data.
 */
import type { Locale } from '../config/types.js';
import { formatBytes } from '../config/units.js';
import { translator } from '../i18n/index.js';
import { plainFormat } from '../monitor/describe.js';
import type { SnapshotSummary } from '../monitor/snapshot.js';
import { snapshotText } from '../monitor/snapshot-text.js';
import type { HostSnapshot } from '../probes/snapshot.js';

export const utc = (ms: number | null): string => (ms === null ? '–' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`);
/** Markdown table cells: pipes and newlines would break the row. */
export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The snapshot of an alert's firing, as the alert's thread showed it, with its log lines as a code block. */
export function firedLines(s: SnapshotSummary, locale: Locale): string[] {
  const text = snapshotText(s, locale, plainFormat);
  const out = text.lines.map((l) => `- ${l}`);
  if (text.logHeading) out.push('', text.logHeading, '', '```', ...text.logLines.map((l) => l.replace(/```/g, "'''")), '```');
  return out;
}

export function resolvedLines(snap: HostSnapshot, locale: Locale): string[] {
  const tr = translator(locale);
  const s = snap.system;
  const lines = [
    `- CPU: ${s.cpuPercent.toFixed(1)}% (${s.cpuCount} cores), load ${s.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    `- ${tr('incidents.pm_memory')}: ${s.memory.percent.toFixed(1)}% (${formatBytes(s.memory.usedBytes)} / ${formatBytes(s.memory.totalBytes)})`,
    ...s.disks.map((d) => `- ${tr('incidents.pm_disk')} ${d.mount}: ${d.percent.toFixed(1)}%`),
    '',
    `| ${tr('incidents.pm_top')} | pid | CPU % | ${tr('incidents.pm_memory')} | ${tr('incidents.pm_command')} |`,
    '|---|---|---|---|---|',
  ];
  for (const p of snap.topCpu) lines.push(`| CPU | ${p.pid} | ${p.cpuPercent.toFixed(1)} | ${formatBytes(p.rssBytes)} | \`${cell(p.command || p.name)}\` |`);
  for (const p of snap.topMemory) lines.push(`| ${tr('incidents.pm_memory')} | ${p.pid} | ${p.cpuPercent.toFixed(1)} | ${formatBytes(p.rssBytes)} | \`${cell(p.command || p.name)}\` |`);
  return lines;
}
