/**
 * A damaged state database, named as such: the file, the problem and the way out (`teach doctor --repair`), instead
 * of SQLite's bare "file is not a database" from whatever command touched it first.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../config/types.js';

export class StoreCorruptError extends TeachopsError {
  readonly code = 'store_corrupt';
  constructor(readonly file: string, readonly problem: string, locale: Locale = 'en', cause?: unknown) {
    super(t(locale, 'security.store_corrupt', { file, problem }), { hint: t(locale, 'security.store_corrupt_hint'), cause });
  }
}

/** SQLite's codes for a file that is not, or no longer, a sound database. */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

/**
 * The problem with the database at `file` (opened read-only, PRAGMA integrity_check), or null when it is sound or
 * missing. "quick" runs quick_check (O(N) instead of O(N log N)) for paths that must stay fast.
 */
export function integrityProblem(file: string, opts: { quick?: boolean } = {}): string | null {
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma(opts.quick ? 'quick_check' : 'integrity_check') as Record<string, string>[];
    const bad = rows.map((r) => Object.values(r)[0]).filter((v) => v !== 'ok');
    return bad.length === 0 ? null : bad.slice(0, 3).join('; ');
  } catch (e) {
    return (e as Error).message;
  } finally {
    db?.close();
  }
}

/** Pids of other processes holding `file` open (from /proc/<pid>/fd), so a repair never swaps it under them. */
export function processesHolding(file: string): number[] {
  const out: number[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return out;
  }
  for (const p of pids) {
    const pid = Number(p);
    if (pid === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${p}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${p}/fd/${fd}`) === file) {
          out.push(pid);
          break;
        }
      } catch {
        // the fd closed while we looked
      }
    }
  }
  return out;
}
