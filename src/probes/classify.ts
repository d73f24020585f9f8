/**
 * The one log-line classifier (`teach logs --errors`, the error summary, alert snapshots, reports): what each line
 * of a service log is, read the way a person reads it. Each line by itself (classify-line.ts): levels decide when
 * a line has one, so an INFO line that mentions a path with "errors" in it is not an error; access lines count by
 * their status; health-check requests are left out (teachops' User-Agent teachops-health/<version>, or the
 * health path); teachops' own lines in a service log are bookkeeping. Across lines (here): a Python traceback or a
 * Node stack trace is one report (frames, source lines, chained "During handling of the above exception" parts
 * belong to it) ending in its exception, with where the service's own code raised it. Pure: lines in, kinds out.
 */
import { lineKind, PY_WARNING, type ClassifyOptions, type LineInfo } from './classify-line.js';

export { levelOf, type ClassifyOptions, type LineInfo, type LineKind } from './classify-line.js';

const PY_TRACEBACK = /^Traceback \(most recent call last\):\s*$/;
const PY_CHAINED = /^(During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
const PY_FRAME = /^\s+File "([^"]+)", line (\d+), in (.+)$/;
/** The name that ends a Python traceback part (any class, `anyio.WouldBlock` too), at column 0. */
const TRACE_END = /^((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?::(?:\s|$)|$)/;
const NODE_FRAME = /^\s+at \S/;
const NODE_LOCATION = /^(?:file:\/\/|node:)?\/?\S+:\d+$/;
const NODE_FOOTER = /^Node\.js v\d+/;
const NODE_FRAME_PLACE = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?$/;
const LIBRARY = /(?:site-packages|dist-packages|node_modules|^node:|\/lib\/python\d)/;

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
    const info = lineKind(line, o);
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
