/**
 * `logs/monitor.log` is where teachops writes what happened when nobody is watching Slack (the ops guide's monitor
 * script wrote there too). One timestamped line per event, appended with O_APPEND so concurrent writers interleave
 * whole lines and log rotation (copy-then-truncate) keeps working.
 */
import { mkdir } from 'node:fs/promises';
import { paths } from '../util/paths.js';
import { redact } from '../util/redact.js';
import { appendNoFollow } from '../util/safe-fs.js';

export async function appendMonitorLog(logsDir: string, line: string, now: number = Date.now()): Promise<void> {
  await mkdir(logsDir, { recursive: true });
  // One write per call: a line is never split between two writers. Never through a symlink (src/util/safe-fs.ts).
  appendNoFollow(paths.monitorLog(logsDir), `${new Date(now).toISOString()} ${redact(line.replace(/\n/g, ' '))}\n`);
}
