/** The host snapshot of a fired alert as lines of text, for the console and (inside mrkdwn) for Slack. */
import type { Locale } from '../config/types.js';
import { translator } from '../i18n/index.js';
import type { SnapshotSummary } from './snapshot.js';
import type { Formatters } from './describe.js';

export interface SnapshotText {
  title: string;
  lines: string[];
  /** the service log's last error lines (already redacted), shown as a code block in Slack */
  logHeading?: string;
  logLines: string[];
}

export function snapshotText(s: SnapshotSummary, locale: Locale, fmt: Formatters): SnapshotText {
  const tr = translator(locale);
  const title = tr('alerts.snapshot_title', { at: fmt.at(s.at) });
  if (s.error !== undefined) return { title, lines: [tr('alerts.snapshot_failed', { error: s.error })], logLines: [] };
  const lines = [
    tr('alerts.snapshot_system', { cpu: s.cpu, memory: s.memory, load: s.load }),
    tr('alerts.snapshot_disks', { disks: s.disks.map((d) => `${d.mount} ${d.percent} %`).join(', ') || '-' }),
    tr('alerts.snapshot_top_cpu', { list: s.topCpu.map((p) => `${p.name} (${p.pid}) ${p.cpu} %`).join(', ') || '-' }),
    tr('alerts.snapshot_top_memory', { list: s.topMemory.map((p) => `${p.name} (${p.pid}) ${p.mb} MB`).join(', ') || '-' }),
  ];
  if (!s.log) return { title, lines, logLines: [] };
  if (s.log.lines.length === 0) return { title, lines: [...lines, tr('alerts.snapshot_log_none', { n: s.log.scanned, file: s.log.file })], logLines: [] };
  return { title, lines, logHeading: tr('alerts.snapshot_log', { file: s.log.file }), logLines: s.log.lines };
}

/** Params of a snapshot outbox row back into a summary (they were written from one). */
export function asSnapshot(params: Record<string, unknown>): SnapshotSummary {
  return params as unknown as SnapshotSummary;
}
