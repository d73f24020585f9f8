/**
 * The one log-line classifier (`teach logs --errors`, the error summary, alert snapshots, reports): what each line
 * of a service log is, read the way a person reads it. Levels decide when a line has one (uvicorn `ERROR:`, Python
 * logging `ERROR:name:`, `[error]`, JSON / logfmt levels): an INFO line that mentions a path with "errors" in it is
 * not an error. Python tracebacks and Node stack traces are one report each (frames, source lines, chained
 * "During handling of the above exception" parts belong to it), ending with the exception (`KeyError: 'x'`).
 * Access lines count by their status (5xx failed); health-check requests are left out: teachops' own (its
 * User-Agent, teachops-health/<version>) and any request to a health path. teachops' own lines in a service log
 * (`[teachops <time>] started ...`) are bookkeeping, never errors. Pure: lines in, kinds out.
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

const PY_TRACEBACK = /^Traceback \(most recent call last\):\s*$/;
const PY_CHAINED = /^(During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
const PY_FRAME = /^\s+File "([^"]+)", line (\d+), in (.+)$/;
const PY_WARNING = /^\S+:\d+: ([A-Za-z_]\w*Warning): /;
/** An exception on a line of its own: `KeyError: 'x'`, `requests.exceptions.ConnectionError: ...`, `Error [ERR_X]: ...`. */
const EXCEPTION_LINE = /^(?:Uncaught )?((?:[A-Za-z_$][\w$]*\.)*[A-Za-z_$]*(?:Error|Exception|Warning))(?: \[[A-Z0-9_]+\])?:(?:\s|$)/;
/** The name that ends a Python traceback part (any class, `anyio.WouldBlock` too), at column 0. */
const TRACE_END = /^((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?::(?:\s|$)|$)/;
const NODE_FRAME = /^\s+at \S/;
const NODE_LOCATION = /^(?:file:\/\/|node:)?\/?\S+:\d+$/;
const NODE_FOOTER = /^Node\.js v\d+/;
const NODE_FRAME_PLACE = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?$/;
const OWN_LINE = /^\[teachops \d{4}-\d\d-\d\dT/;
const ACCESS = /\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\/[^\s"?]*)(?:\?\S*)?(?: HTTP\/[\d.]+)?"? (\d{3})\b/;
const LIBRARY = /(?:site-packages|dist-packages|node_modules|^node:|\/lib\/python\d)/;

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

function single(line: string, o: ClassifyOptions): LineInfo {
  if (OWN_LINE.test(line)) return { kind: 'plain' };
  const access = ACCESS.exec(line);
  if (line.includes(HEALTH_USER_AGENT_PREFIX)) return { kind: 'probe' };
  if (access) {
    const [, method, path, status] = access;
    if ((method === 'GET' || method === 'HEAD') && (o.healthPaths ?? []).includes(path!)) return { kind: 'probe' };
    return { kind: Number(status) >= 500 ? 'failed_request' : 'plain' };
  }
  const warning = PY_WARNING.exec(line);
  if (warning) return { kind: 'warning' };
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

/** The innermost frame in the service's own code (else the innermost at all), as `file.py:43 in fn`. */
function place(frames: { file: string; line: string; fn?: string }[]): string | undefined {
  const own = [...frames].reverse().find((f) => !LIBRARY.test(f.file)) ?? frames[frames.length - 1];
  if (!own) return undefined;
  const base = own.file.replace(/^file:\/\//, '').split('/').pop();
  return `${base}:${own.line}${own.fn ? ` in ${own.fn}` : ''}`;
}

const CARET = /^\s*\^+\s*$/;
const LEVEL_WORDS = /^(?:ERROR|INFO|WARNING|WARN|DEBUG|CRITICAL|FATAL|TRACE)$/;

/** Classifies a run of consecutive log lines (oldest first); traces are recognised across lines. */
export function classifyLines(lines: readonly string[], o: ClassifyOptions = {}): LineInfo[] {
  const out: LineInfo[] = [];
  /** inside a Python traceback; `ended` after its exception line (a chained part may follow) */
  let py: { frames: { file: string; line: string; fn: string }[]; ended: boolean; lastException: number } | undefined;
  /** a Node stack trace under way: the exception line's index and its frames */
  let node: { at: number; frames: { file: string; line: string }[] } | undefined;
  /** Node's crash location was just printed: the exception under it belongs to the same report */
  let nodeHeader = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (py) {
      if (PY_CHAINED.test(line) || line.trim() === '') {
        out.push({ kind: 'frame' });
        continue;
      }
      if (PY_TRACEBACK.test(line)) {
        // A chained part of the same report: the exception before it was an intermediate one.
        if (py.ended) out[py.lastException] = { kind: 'frame' };
        py.ended = false;
        py.frames = [];
        out.push({ kind: 'frame' });
        continue;
      }
      if (!py.ended && /^\s/.test(line)) {
        const f = PY_FRAME.exec(line);
        if (f) py.frames.push({ file: f[1]!, line: f[2]!, fn: f[3]! });
        out.push({ kind: 'frame' });
        continue;
      }
      const end = py.ended ? null : TRACE_END.exec(line);
      if (end && !LEVEL_WORDS.test(end[1]!)) {
        const where = place(py.frames);
        out.push({ kind: 'exception', exception: end[1]!, ...(where ? { where } : {}) });
        py.ended = true;
        py.lastException = out.length - 1;
        continue;
      }
      py = undefined;
    }
    if (node) {
      if (NODE_FRAME.test(line)) {
        const m = NODE_FRAME_PLACE.exec(line);
        if (m) node.frames.push({ file: m[1]!, line: m[2]! });
        const where = place(node.frames);
        if (where) out[node.at] = { ...out[node.at]!, where };
        out.push({ kind: 'frame' });
        continue;
      }
      if (NODE_FOOTER.test(line) || line.trim() === '') {
        out.push({ kind: 'frame' });
        continue;
      }
      node = undefined;
    }
    if (PY_TRACEBACK.test(line)) {
      py = { frames: [], ended: false, lastException: -1 };
      out.push({ kind: 'trace', newTrace: true });
      continue;
    }
    // Node's crash report starts with where it threw (`file:///app.mjs:16`), the source line and a caret.
    if (NODE_LOCATION.test(line) && CARET.test(lines[i + 2] ?? '')) {
      out.push({ kind: 'trace', newTrace: true }, { kind: 'frame' }, { kind: 'frame' });
      i += 2;
      nodeHeader = true;
      continue;
    }
    if (nodeHeader && line.trim() === '') {
      out.push({ kind: 'frame' });
      continue;
    }
    const info = single(line, o);
    if (info.kind === 'exception' && NODE_FRAME.test(lines[i + 1] ?? '')) {
      // A stack trace of its own, unless Node's crash location already opened the report.
      out.push(nodeHeader ? info : { ...info, newTrace: true });
      node = { at: out.length - 1, frames: [] };
    } else out.push(info);
    nodeHeader = false;
    if (info.kind === 'warning' && PY_WARNING.test(line) && /^\s+\S/.test(lines[i + 1] ?? '')) {
      out.push({ kind: 'frame' });
      i++;
    }
  }
  return out;
}
