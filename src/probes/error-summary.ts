/**
 * What a service's log says about errors, from the one classifier (classify.ts): counts that say what they count,
 * the exception types, and the last lines worth reading (an exception with where it was raised in the service's own
 * code), secrets redacted. Shared by `teach logs`, `teach monitor`, alert snapshots and reports.
 */
import { redact } from '../util/redact.js';
import { classifyLines, type ClassifyOptions, type LineInfo } from './classify.js';

export interface ErrorSummary {
  /** lines looked at */
  scanned: number;
  /** lines logged at ERROR or worse (or, without a level, saying "error" outside a path) */
  errors: number;
  /** exceptions raised: the one each traceback ends with, or one on a line of its own */
  exceptions: number;
  /** those exceptions by class, e.g. { KeyError: 2, ValueError: 1 } */
  exception_types: Record<string, number>;
  /** Python tracebacks and Node stack traces, one each however many chained parts it has */
  tracebacks: number;
  /** lines logged at WARNING, and Python warnings */
  warnings: number;
  /** requests answered with a 5xx status (health checks not counted) */
  failed_requests: number;
  /** health-check requests (teachops' own, or to the health path) left out of everything above */
  health_checks: number;
  /** the last lines worth reading (at most 5), oldest first, secrets redacted */
  latest: string[];
}

const LATEST = 5;
const NOTABLE = new Set<LineInfo['kind']>(['error', 'exception', 'failed_request']);
const IN_ERRORS = new Set<LineInfo['kind']>(['error', 'exception', 'trace', 'frame', 'failed_request', 'warning']);

export interface SummaryOptions extends ClassifyOptions {
  secrets?: readonly string[];
}

export function summarizeErrors(lines: readonly string[], o: SummaryOptions = {}): ErrorSummary {
  const info = classifyLines(lines, o);
  const s: ErrorSummary = { scanned: lines.length, errors: 0, exceptions: 0, exception_types: {}, tracebacks: 0, warnings: 0, failed_requests: 0, health_checks: 0, latest: [] };
  const notable: string[] = [];
  info.forEach((x, i) => {
    if (x.newTrace) s.tracebacks++;
    switch (x.kind) {
      case 'error':
        s.errors++;
        break;
      case 'exception':
        s.exceptions++;
        if (x.exception) s.exception_types[x.exception] = (s.exception_types[x.exception] ?? 0) + 1;
        break;
      case 'warning':
        s.warnings++;
        break;
      case 'failed_request':
        s.failed_requests++;
        break;
      case 'probe':
        s.health_checks++;
        break;
      default:
        break;
    }
    if (NOTABLE.has(x.kind)) notable.push(x.where ? `${lines[i]}  [${x.where}]` : lines[i]!);
  });
  // Log lines quote requests, env dumps and provider errors: they may carry keys, and these lines go to Slack.
  s.latest = notable.slice(-LATEST).map((l) => redact(l, o.secrets ?? []));
  return s;
}

/** `teach logs --errors`: the lines that are part of an error (whole tracebacks included), without health checks. */
export function errorLines(lines: readonly string[], o: ClassifyOptions = {}): string[] {
  const info = classifyLines(lines, o);
  return lines.filter((_, i) => IN_ERRORS.has(info[i]!.kind));
}

/** " (KeyError ×2, ValueError)" for a summary line; "" without exceptions. */
export function exceptionTypesText(types: Record<string, number>): string {
  const parts = Object.entries(types)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => (n > 1 ? `${name} ×${n}` : name));
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The health paths of a service's check, for the classifier (`http://127.0.0.1:8000/health` -> `/health`). */
export function healthPathsOf(health: { url: string } | null | undefined): string[] {
  if (!health) return [];
  try {
    return [new URL(health.url).pathname];
  } catch {
    return [];
  }
}

/** The parameters of the `probes.log_counts` sentence. */
export function countParams(s: ErrorSummary): Record<string, string | number> {
  return { scanned: s.scanned, errors: s.errors, exceptions: s.exceptions, types: exceptionTypesText(s.exception_types), tracebacks: s.tracebacks, failed: s.failed_requests, warnings: s.warnings, probes: s.health_checks };
}
