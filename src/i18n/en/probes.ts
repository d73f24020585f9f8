/** What the probes say about what they found: health checks, the log error summary. */
export const probes = {
  health_expected: 'expected {expected}, got {status}',
  health_any_2xx: 'a 2xx status',
  health_timeout: 'timed out after {ms} ms',
};
