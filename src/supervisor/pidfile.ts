/**
 * Pid files `<logs_dir>/pids/<svc>.pid`: the record of the service instance teachops started. A leader is trusted
 * only when its pid, start time and boot id match what /proc shows now AND it carries the instance's ownership mark
 * in its environment (marks.ts); anything else is stale, and a stale record's pid is never signalled (it may belong
 * to an unrelated process that reused the number, or the file may have been forged: services can write logs/).
 * The recorded argv is compared with /proc and with the configured command too: with the mark proven, a difference
 * only means the instance runs an older configuration (it is still ours to stop); without the mark nothing is ours.
 *
 * Files are created 0600 through safe-fs (the pids folder is checked, no symlink is followed).
 */
import { closeSync, readFileSync } from 'node:fs';
import { t } from '../i18n/index.js';
import { environHas } from '../util/proc-environ.js';
import { bootId, readCmdline, readProcStat } from '../util/proc.js';
import { isSecretName, REDACTED } from '../util/redact.js';
import { paths } from '../util/paths.js';
import { ensureSafeDir, MODES, openReadNoFollow, writeFileSafe } from '../util/safe-fs.js';
import { markEntry, type TreeRef } from './marks.js';
import { heldFiles, isNoRoom, removeHeldAndFile } from './held-files.js';
import type { PidRecord } from './types.js';
import type { Locale } from '../config/types.js';

export type PidFileRead = { record: PidRecord } | { corrupt: string } | undefined;

export function readPidFile(logsDir: string, service: string): PidFileRead {
  // A record this daemon could not write yet (the logs disk is full) is the truth for this process.
  const held = heldFiles.pid(paths.pidFile(logsDir, service));
  if (held) return { record: held };
  let text: string;
  try {
    const fd = openReadNoFollow(paths.pidFile(logsDir, service));
    try {
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { corrupt: (e as Error).message };
  }
  try {
    const r = JSON.parse(text) as Partial<PidRecord>;
    if (typeof r.pid !== 'number' || typeof r.pgid !== 'number' || typeof r.start_time !== 'string' || !Array.isArray(r.argv)) {
      return { corrupt: 'missing fields' };
    }
    return { record: r as PidRecord };
  } catch (e) {
    return { corrupt: (e as Error).message };
  }
}

/** Atomic (a reader sees the old file or the new one), 0600, never through a symlink. */
export function writePidFile(logsDir: string, record: PidRecord): void {
  ensureSafeDir(paths.pidDir(logsDir), MODES.dir);
  writeFileSafe(paths.pidFile(logsDir, record.service), JSON.stringify(record, null, 2) + '\n', MODES.private);
  heldFiles.forgetPid(paths.pidFile(logsDir, record.service));
}

/**
 * Writes the pid file; with `hold` (the daemon), a file system without room keeps the record in memory instead
 * (held-files.ts) and says so (`held`: the error): the service runs and is ours either way. Without `hold` it throws.
 */
export function writePidRecord(logsDir: string, record: PidRecord, hold: boolean): { held?: string } {
  try {
    writePidFile(logsDir, record);
    return {};
  } catch (e) {
    if (!hold || !isNoRoom(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    heldFiles.holdPid(paths.pidFile(logsDir, record.service), logsDir, record, code);
    return { held: code };
  }
}

export function removePidFile(logsDir: string, service: string): void {
  removeHeldAndFile(paths.pidFile(logsDir, service));
}

/** Secret-looking override values are not written to disk; the names are enough to show "running with fallback". */
export function safeOverrides(overrides: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!overrides || Object.keys(overrides).length === 0) return undefined;
  return Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, isSecretName(k) ? REDACTED : v]));
}

/** Where to look for the instance's processes; undefined for a record without a mark (nothing can be proven). */
export function treeOf(r: PidRecord): TreeRef | undefined {
  if (!r.instance) return undefined;
  return { mark: markEntry(r.service, r.instance), pgid: r.pgid, startTime: r.start_time, bootId: r.boot_id };
}

/**
 * 'match', with a note when the instance runs something else than the config now says; or stale, with `scan` set
 * when processes of the instance may still be alive elsewhere (the leader is gone but the mark is known).
 */
export type Verdict = { match: true; drift?: string } | { match: false; stale: string; scan: boolean };

/**
 * Leaders already proven ours (pid, start time, mark; the boot is checked first). The mark proves that we started
 * this very process, which stays true for its whole life, so its environment need not be read again on every look
 * (the daemon looks at every service several times a second at a 1 s interval; issue 14). It also keeps the proof
 * when a service overwrites its environment block in place later (setproctitle does). A pid reused by another
 * process has another start time and is proven afresh. Bounded, oldest first out.
 */
const provenMarks = new Set<string>();
const MAX_PROVEN = 1000;
function rememberProven(key: string): void {
  if (provenMarks.has(key)) return;
  if (provenMarks.size >= MAX_PROVEN) provenMarks.delete(provenMarks.values().next().value!);
  provenMarks.add(key);
}

export function verifyRecord(r: PidRecord, configured?: readonly string[], locale: Locale = 'en'): Verdict {
  const stale = (key: StaleKey, scan: boolean, p: Record<string, string | number> = {}): Verdict => ({
    match: false,
    stale: staleText(key, { pid: r.pid, ...p }, locale),
    scan,
  });
  if (r.boot_id !== bootId()) return stale('stale_boot', false);
  const tree = treeOf(r);
  if (!tree) return stale('stale_unmarked', false);
  const st = readProcStat(r.pid);
  if (!st || st.state === 'X') return stale('stale_dead', true);
  if (st.state === 'Z') return stale('stale_zombie', true);
  if (st.startTime !== r.start_time) return stale('stale_start_time', true, { found: st.startTime, expected: r.start_time });
  const proven = `${r.pid}:${st.startTime}:${tree.mark}`;
  const marked = provenMarks.has(proven) || environHas(r.pid, tree.mark);
  if (marked === undefined) return stale('stale_env_unreadable', true);
  if (marked) rememberProven(proven);
  if (!marked) return stale('stale_not_ours', true, { found: (readCmdline(r.pid) ?? []).join(' ') });
  const command = r.command ?? r.argv;
  if (configured && command.join('\0') !== configured.join('\0')) {
    return { match: true, drift: staleText('drift_command', { pid: r.pid, found: command.join(' '), expected: configured.join(' ') }, locale) };
  }
  return { match: true };
}

export type StaleKey =
  | 'stale_boot'
  | 'stale_dead'
  | 'stale_zombie'
  | 'stale_start_time'
  | 'stale_argv'
  | 'stale_not_ours'
  | 'stale_corrupt'
  | 'stale_unmarked'
  | 'stale_env_unreadable'
  | 'drift_command'
  | 'orphaned';

export function staleText(key: StaleKey, params: Record<string, string | number>, locale: Locale = 'en'): string {
  return t(locale, `supervisor.${key}`, params);
}
