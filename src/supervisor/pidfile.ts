/**
 * Pid files `<logs_dir>/pids/<svc>.pid`: the proof that a pid is the process teachops started. A record is trusted
 * only when pid, start time, boot id and argv all match what /proc shows now; anything else is stale, and a stale
 * record's pid is never signalled (it may belong to an unrelated process that reused the number).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { t } from '../i18n/index.js';
import { bootId, readCmdline, readProcStat } from '../util/proc.js';
import { isSecretName, REDACTED } from '../util/redact.js';
import { paths } from '../util/paths.js';
import type { PidRecord } from './types.js';
import type { Locale } from '../config/types.js';

export type PidFileRead = { record: PidRecord } | { corrupt: string } | undefined;

export function readPidFile(logsDir: string, service: string): PidFileRead {
  let text: string;
  try {
    text = readFileSync(paths.pidFile(logsDir, service), 'utf8');
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

/** Atomic: a reader sees the old file or the new one, never half of one. */
export function writePidFile(logsDir: string, record: PidRecord): void {
  const file = paths.pidFile(logsDir, record.service);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n', { mode: 0o644 });
  renameSync(tmp, file);
}

export function removePidFile(logsDir: string, service: string): void {
  rmSync(paths.pidFile(logsDir, service), { force: true });
}

/** Secret-looking override values are not written to disk; the names are enough to show "running with fallback". */
export function safeOverrides(overrides: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!overrides || Object.keys(overrides).length === 0) return undefined;
  return Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, isSecretName(k) ? REDACTED : v]));
}

export type Verdict = 'match' | { stale: string };

export function verifyRecord(r: PidRecord, locale: Locale = 'en'): Verdict {
  const stale = (key: StaleKey, p: Record<string, string | number> = {}) => ({ stale: staleText(key, { pid: r.pid, ...p }, locale) });
  if (r.boot_id !== bootId()) return stale('stale_boot');
  const st = readProcStat(r.pid);
  if (!st || st.state === 'X') return stale('stale_dead');
  if (st.state === 'Z') return stale('stale_zombie');
  if (st.startTime !== r.start_time) return stale('stale_start_time', { found: st.startTime, expected: r.start_time });
  const argv = readCmdline(r.pid) ?? [];
  if (argv.join('\0') !== r.argv.join('\0')) return stale('stale_argv', { found: argv.join(' '), expected: r.argv.join(' ') });
  return 'match';
}

export type StaleKey = 'stale_boot' | 'stale_dead' | 'stale_zombie' | 'stale_start_time' | 'stale_argv' | 'stale_corrupt';

export function staleText(key: StaleKey, params: Record<string, string | number>, locale: Locale = 'en'): string {
  return t(locale, `supervisor.${key}`, params);
}
