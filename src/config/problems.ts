/**
 * Config problems: every one carries the file, line, column and dotted path, and all of them are thrown together
 * in one ConfigError, so a user fixes the whole file in one pass instead of one error per run.
 */
import { relative } from 'node:path';
import { TeachopsError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface ConfigProblem {
  /** absolute path of the config file */
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
  /** dotted, e.g. `services.llm.health.timeout`; list items as `depends_on[0]` */
  path: string;
  message: string;
}

export type PathSegment = string | number;

/** A problem before it has a position: where in the document it points, and what the user is told. */
export interface RawProblem {
  path: PathSegment[];
  message: string;
  /** the node to point at when it is not the value at `path` (e.g. the key of an unknown key) */
  at?: { path: PathSegment[]; part: 'key' | 'value' };
}

export function dottedPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** The file as the user typed it: relative to the working directory when it lies below it. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function formatProblem(p: ConfigProblem, cwd: string = process.cwd()): string {
  const path = p.path || '(file)';
  return t('en', 'config.problem', { file: displayPath(p.file, cwd), line: p.line, col: p.col, path, message: p.message });
}

export class ConfigError extends TeachopsError {
  readonly code = 'config_invalid';
  override exitCode = 2;
  readonly file: string;
  readonly problems: ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[], options: { message: string; hint: string; cause?: unknown }) {
    super(options.message, { hint: options.hint, cause: options.cause });
    this.file = file;
    this.problems = problems;
  }

  /** Every problem in the file, listed at once, sorted by position. */
  static invalid(file: string, problems: ConfigProblem[], cwd: string): ConfigError {
    const sorted = [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
    const shown = displayPath(file, cwd);
    const lines = [t('en', 'config.invalid_header', { file: shown, count: sorted.length }), ...sorted.map((p) => formatProblem(p, cwd))];
    return new ConfigError(file, sorted, { message: lines.join('\n'), hint: t('en', 'config.invalid_hint', { file: shown }) });
  }

  static notFound(file: string, cwd: string, cause?: unknown): ConfigError {
    const shown = displayPath(file, cwd);
    return new ConfigError(file, [], { message: t('en', 'config.not_found', { file: shown }), hint: t('en', 'config.not_found_hint'), cause });
  }
}
