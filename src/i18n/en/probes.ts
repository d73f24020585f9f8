/** What the probes say about what they found: health checks, the log error summary. */
export const probes = {
  health_expected: 'expected {expected}, got {status}',
  health_any_2xx: 'a 2xx status',
  health_timeout: 'timed out after {ms} ms',
  log_counts:
    'last {scanned} lines: {errors, plural, one {# error line} other {# error lines}} (level ERROR or worse), {exceptions, plural, one {# exception} other {# exceptions}}{types}, {tracebacks, plural, one {# traceback} other {# tracebacks}}, {failed, plural, one {# failed request} other {# failed requests}} (5xx), {warnings, plural, one {# warning} other {# warnings}}; {probes, plural, one {# health check} other {# health checks}} left out',
  health_unreachable: 'no answer: {error}',
};
