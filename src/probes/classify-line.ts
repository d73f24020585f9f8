/**
 * What one log line is by itself: its level (uvicorn `ERROR:`, Python logging `ERROR:name:`, `[error]`, JSON /
 * logfmt / pino levels), an access line and its status, a health-check request, an exception line, a Python
 * warning, or teachops' own bookkeeping line. classify.ts adds what only the lines around it can say (traces).
 */
import { HEALTH_USER_AGENT_PREFIX } from './http-get.js';

export type LineKind =
  /** nothing to report */
  | 'plain'
  /** a health-check request: left out of everything */
  | 'probe'
  /** an access line answered 5xx */
  | 'failed_request'
  /** logged at ERROR or worse (or, without a level, saying "error" outside a path) */
  | 'error'
  /** logged at WARNING, or a Python warning (`app.py:12: UserWarning: ...`) */
  | 'warning'
  /** starts a traceback or stack trace (`Traceback (most recent call last):`, Node's crash location) */
  | 'trace'
  /** part of a trace: frames, source lines, carets, chained-exception separators, intermediate exceptions */
  | 'frame'
  /** the exception a trace ends with, or one on a line of its own (`KeyError: 'missing-course'`) */
  | 'exception';

export interface LineInfo {
  kind: LineKind;
  /** the exception class, for `exception` lines (`KeyError`, `anyio.EndOfStream`, `TypeError`) */
  exception?: string;
  /** for `exception` lines that end a trace: the innermost frame of the service's own code (`course_api.py:43 in course`) */
  where?: string;
  /** the first line of a traceback or stack trace (each one counts once, however many chained parts it has) */
  newTrace?: boolean;
}

export interface ClassifyOptions {
  /** paths of the service's health check (`/health`): requests to them are probes */
  healthPaths?: readonly string[];
}

/** A Python warning: `app.py:12: UserWarning: ...` (its source line follows, indented). */
export const PY_WARNING = /^\S+:\d+: ([A-Za-z_]\w*Warning): /;
/** An exception on a line of its own: `KeyError: 'x'`, `requests.exceptions.ConnectionError: ...`, `Error [ERR_X]: ...`. */
const EXCEPTION_LINE = /^(?:Uncaught )?((?:[A-Za-z_$][\w$]*\.)*[A-Za-z_$]*(?:Error|Exception|Warning))(?: \[[A-Z0-9_]+\])?:(?:\s|$)/;
const OWN_LINE = /^\[teachops \d{4}-\d\d-\d\dT/;
const ACCESS = /\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\/[^\s"?]*)(?:\?\S*)?(?: HTTP\/[\d.]+)?"? (\d{3})\b/;

const ERROR_LEVELS = new Set(['error', 'err', 'critical', 'crit', 'fatal', 'alert', 'emerg', 'emergency', 'panic', 'severe']);
const WARN_LEVELS = new Set(['warning', 'warn']);
const OTHER_LEVELS = new Set(['info', 'debug', 'trace', 'notice', 'verbose']);

/** The line's log level, lower case, when it states one. */
export function levelOf(line: string): string | undefined {
  const head = line.slice(0, 120);
  const m =
    /^(CRITICAL|ERROR|WARNING|WARN|INFO|DEBUG|TRACE|FATAL)(?=[:\s]|$)/.exec(head) ??
    /\[(error|err|fatal|critical|crit|warn|warning|info|debug|trace|notice)\]/i.exec(head) ??
    /(?:^|[\s|(-])(CRITICAL|FATAL|ERROR|ERR|WARNING|WARN|INFO|DEBUG|TRACE|NOTICE|SEVERE|PANIC)(?=[\s:|)\]-]|$)/.exec(head) ??
    /"(?:level|severity|levelname)"\s*:\s*"(\w+)"/i.exec(line) ??
    /\b(?:level|severity)=(\w+)\b/i.exec(head);
  if (m) return m[1]!.toLowerCase();
  const pino = /"level"\s*:\s*(\d+)/.exec(line);
  if (pino) return Number(pino[1]) >= 50 ? 'error' : Number(pino[1]) >= 40 ? 'warn' : 'info';
  return undefined;
}

/** Words, without paths and file names: `.../starlette/middleware/exceptions.py` says nothing about the line. */
const withoutPaths = (line: string) => line.replace(/\S*[/\\]\S*/g, ' ').replace(/\b[\w.-]+\.(?:py|js|mjs|cjs|ts|html|log|json|yaml|yml|txt)\b/g, ' ');

export function lineKind(line: string, o: ClassifyOptions): LineInfo {
  if (OWN_LINE.test(line)) return { kind: 'plain' };
  if (line.includes(HEALTH_USER_AGENT_PREFIX)) return { kind: 'probe' };
  const access = ACCESS.exec(line);
  if (access) {
    const [, method, path, status] = access;
    if ((method === 'GET' || method === 'HEAD') && (o.healthPaths ?? []).includes(path!)) return { kind: 'probe' };
    return { kind: Number(status) >= 500 ? 'failed_request' : 'plain' };
  }
  if (PY_WARNING.test(line)) return { kind: 'warning' };
  const exception = EXCEPTION_LINE.exec(line);
  if (exception) return { kind: 'exception', exception: exception[1]! };
  const level = levelOf(line);
  if (level !== undefined) {
    if (ERROR_LEVELS.has(level)) return { kind: 'error' };
    if (WARN_LEVELS.has(level)) return { kind: 'warning' };
    if (OTHER_LEVELS.has(level)) return { kind: 'plain' };
  }
  return /\b(error|exception|fatal|critical)\b/i.test(withoutPaths(line)) ? { kind: 'error' } : { kind: 'plain' };
}
