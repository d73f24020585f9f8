/**
 * The end of a service log, continuing into its rotated generations (`<log>.1`, `<log>.1.gz`, `<log>.2.gz` ...) when
 * the live file holds fewer lines than asked: right after a rotation the errors that matter are in the old file.
 * Every read is bounded (src/probes/tail.ts) and refuses symlinks: the live file's refusal is an error (the caller
 * asked for that file); a generation that cannot be read is skipped and named in `problems`.
 */
import type { Locale } from '../config/types.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { findGeneration, generationPath } from '../util/log-generations.js';
import { UnsafePathError } from '../util/safe-fs.js';
import { tailByteCap, tailGzip, tailPlain } from './tail.js';
import type { ClassifyOptions } from './classify.js';
import { summarizeErrors, type ErrorSummary } from './error-summary.js';

export interface LogTail {
  /** oldest first */
  lines: string[];
  /** generations skipped (a symlink, not a regular file, a corrupt `.gz`), one sentence each */
  problems: string[];
}

export interface TailOptions {
  locale?: Locale;
  /** per file read; default tailByteCap(n) */
  maxBytes?: number;
}

/** Generations looked at, at most: `keep` is 5 by default, and N lines rarely need more than one. */
const MAX_GENERATIONS = 50;

/** The last `n` lines of `file` (oldest first); [] for a missing or empty file. Throws UnsafePathError for a symlink. */
export async function tailLines(file: string, n: number, opts: TailOptions = {}): Promise<string[]> {
  try {
    return await tailPlain(file, n, opts.maxBytes ?? tailByteCap(n));
  } catch (e) {
    if (isMissing(e)) return [];
    throw localized(e, opts.locale);
  }
}

/** The last `n` lines across the live file and its generations, with what had to be skipped. */
export async function readLogTail(file: string, n: number, opts: TailOptions = {}): Promise<LogTail> {
  const current = await tailLines(file, n, opts);
  const older: string[][] = [];
  const problems: string[] = [];
  let have = current.length;
  for (let g = 1; have < n && g <= MAX_GENERATIONS; g++) {
    const lines = await readGeneration(file, g, n - have, opts, problems);
    if (lines === undefined) break;
    older.unshift(lines);
    have += lines.length;
  }
  return { lines: [...older.flat(), ...current], problems };
}

/** The last `n` lines, across a rotation (see readLogTail); skipped generations are left out silently. */
export async function tailAcrossRotation(file: string, n: number, opts: TailOptions = {}): Promise<string[]> {
  return (await readLogTail(file, n, opts)).lines;
}

/** undefined when generation `g` does not exist (the end of the chain). */
async function readGeneration(file: string, g: number, n: number, opts: TailOptions, problems: string[]): Promise<string[] | undefined> {
  const gen = findGeneration(file, g);
  if (!gen) return undefined;
  const cap = opts.maxBytes ?? tailByteCap(n);
  // A plain generation can be compressed (renamed to .gz, then removed) between the lookup and the open.
  for (const path of gen.gz ? [gen.path] : [gen.path, generationPath(file, g, true)]) {
    try {
      return path.endsWith('.gz') ? await tailGzip(path, n, cap) : await tailPlain(path, n, cap);
    } catch (e) {
      if (isMissing(e)) continue;
      problems.push(e instanceof UnsafePathError ? (localized(e, opts.locale) as Error).message : t(opts.locale ?? 'en', 'files.log_unreadable', { path, message: errorMessage(e) }));
      return [];
    }
  }
  return [];
}

function localized(e: unknown, locale: Locale | undefined): unknown {
  return e instanceof UnsafePathError && locale && locale !== 'en' ? new UnsafePathError(e.path, e.reason, locale) : e;
}

/**
 * The error summary of the end of a log: what the one classifier (classify.ts) found, counted per kind
 * (error-summary.ts says what each count counts), with the files that could not be read.
 */
export type LogScan = ErrorSummary & {
  /** files that could not be read (a symlink, a corrupt generation), one sentence each; absent when none */
  problems?: string[];
};

/** Classifies `lines` (the end of a log); secrets are redacted from the lines it quotes. */
export function scanLines(lines: readonly string[], secrets: readonly string[] = [], problems: readonly string[] = [], opts: ClassifyOptions = {}): LogScan {
  const scan: LogScan = summarizeErrors(lines, { ...opts, secrets });
  if (problems.length > 0) scan.problems = [...problems];
  return scan;
}

/**
 * Classifies the last `n` lines of a service log. Never throws: a log that cannot be read (a symlink) is an empty
 * scan naming the problem, so one bad file does not sink a whole view.
 */
export async function scanLog(file: string, n = 200, secrets: readonly string[] = [], opts: TailOptions & ClassifyOptions = {}): Promise<LogScan> {
  try {
    const tail = await readLogTail(file, n, opts);
    return scanLines(tail.lines, secrets, tail.problems, opts);
  } catch (e) {
    return scanLines([], secrets, [errorMessage(e)], opts);
  }
}

function isMissing(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');
}
