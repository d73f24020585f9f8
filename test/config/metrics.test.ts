/** The `metrics:` section: off when absent, defaults when empty, and every bad value reported with its line. */
import { hostname } from 'node:os';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { problemLines, tempProject } from './fixture.js';

const y = (...lines: string[]) => lines.join('\n') + '\n';
const F = 'config/services.yaml';
const load = (text: string) => loadConfig({ cwd: tempProject({ [F]: text }), env: {} });

describe('metrics config', () => {
  test('absent: no listener', () => {
    expect(load(y('services: {}')).metrics).toBeNull();
  });

  test('an empty section listens on 127.0.0.1:9464 with the hostname as host label', () => {
    expect(load(y('metrics: {}')).metrics).toEqual({ listen: { host: '127.0.0.1', port: 9464 }, host: hostname(), runbook_url: null });
  });

  test('IPv6 in brackets, a host label and a runbook URL', () => {
    const m = load(y('metrics:', '  listen: "[::1]:9500"', '  host: web-1', '  runbook_url: https://wiki.example.org/ops/{alert}')).metrics;
    expect(m).toEqual({ listen: { host: '::1', port: 9500 }, host: 'web-1', runbook_url: 'https://wiki.example.org/ops/{alert}' });
  });

  test('bad listen values are reported with file, line and column', () => {
    const expected = 'expected an address like "127.0.0.1:9464" (host:port, port 1-65535)';
    expect(problemLines(y('metrics:', '  listen: 9464'))).toEqual([`${F}:2:11 metrics.listen: ${expected}, got 9464 (number)`]);
    expect(problemLines(y('metrics:', '  listen: localhost'))).toEqual([`${F}:2:11 metrics.listen: ${expected}, got "localhost"`]);
    expect(problemLines(y('metrics: { listen: "127.0.0.1:70000", host: "" }'))).toEqual([
      `${F}:1:20 metrics.listen: ${expected}, got "127.0.0.1:70000"`,
      `${F}:1:45 metrics.host: expected a non-empty string, got ""`,
    ]);
    expect(problemLines(y('metrics: { lisen: 127.0.0.1:9464 }'))).toEqual([`${F}:1:12 metrics.lisen: unknown key "lisen", did you mean "listen"?`]);
  });
});
