/**
 * `teach prometheus rules`: the rule file promtool accepts, and — evaluated by promtool's own rule engine over
 * synthetic series — alerts that fire when the config's rules say: after monitor.interval x monitor.for over a
 * threshold, monitor.interval x monitor.health_failures failed checks, stop_timeout + start_timeout down, the
 * restart budget used up, and with the labels (service, host, severity) and annotations they promise.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { prometheusRules, type AlertingRule, type RuleFile } from '../../src/prometheus/rules.js';
import { renderRuleFile } from '../../src/prometheus/render.js';
import { makeTempProject, type TempProject } from '../support/temp-project.js';
import { findEngine, skipNote } from '../support/engines.js';

const promtool = findEngine('promtool');
const HOST = 'web-1';
const RUNBOOK = 'https://wiki.example.org/teachops/{alert}';

let p: TempProject;
let rules: RuleFile;
let rulesFile: string;

beforeAll(() => {
  p = makeTempProject({
    raw: { monitor: { interval: '5s', for: 3, health_failures: 2, disks: ['/', '/data'] }, metrics: { listen: '127.0.0.1:9464', host: HOST, runbook_url: RUNBOOK } },
    services: {
      web: {
        command: 'node web.mjs',
        health: { url: 'http://127.0.0.1:8000/health' },
        stop_timeout: '2s',
        start_timeout: '3s',
        limits: { cpu_percent: 50, memory_mb: 100 },
        restart: { max_restarts: 2, window: '1m' },
      },
      worker: { command: 'node worker.mjs', restart: { policy: 'never' } },
    },
  });
  rules = prometheusRules(p.config, { host: HOST, runbookUrl: RUNBOOK });
  rulesFile = join(p.dir, 'teachops.rules.yml');
  writeFileSync(rulesFile, renderRuleFile(rules, 'test'));
  return () => p.cleanup();
});

const all = (): AlertingRule[] => rules.groups.flatMap((g) => g.rules);
const find = (alert: string, service?: string) => all().find((r) => r.alert === alert && r.labels.service === service)!;

describe('the generated rules', () => {
  it('cover every alert of the config, each with service, host and severity labels and a runbook link', () => {
    expect(all().map((r) => `${r.alert}${r.labels.service ? `:${r.labels.service}` : ''}`)).toEqual([
      'TeachopsServiceDown:web',
      'TeachopsHealthCheckFailing:web',
      'TeachopsServiceCpuHigh:web',
      'TeachopsServiceMemoryHigh:web',
      'TeachopsServiceCrashLoop:web',
      // worker: no health check, no limits, and policy `never` restarts nothing, so it cannot crash-loop
      'TeachopsServiceDown:worker',
      'TeachopsHostCpuHigh',
      'TeachopsHostMemoryHigh',
      'TeachopsHostDiskFull',
      'TeachopsNotReporting',
    ]);
    for (const r of all()) {
      expect(r.labels).toMatchObject({ host: HOST, severity: expect.stringMatching(/^(critical|warning)$/) });
      expect(r.annotations.runbook_url).toBe(`https://wiki.example.org/teachops/${r.labels.kind}`);
      expect(r.annotations.summary).not.toBe('');
      expect(r.annotations.description).not.toBe('');
    }
    expect(find('TeachopsHostCpuHigh').for).toBe('15s'); // 5s x 3
    expect(find('TeachopsHealthCheckFailing', 'web').for).toBe('10s'); // 5s x 2
    expect(find('TeachopsServiceDown', 'web').for).toBe('5s'); // stop_timeout + start_timeout
    expect(find('TeachopsServiceDown', 'worker').for).toBe('40s'); // the defaults: 10s + 30s
  });

  it.skipIf(!promtool)(`pass promtool check rules${skipNote({ promtool })}`, async () => {
    const r = await execa(promtool!, ['check', 'rules', rulesFile], { reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`SUCCESS: ${all().length} rules found`);
  });

  it.skipIf(!promtool)(`fire in Prometheus' rule engine when teachops' own rules would${skipNote({ promtool })}`, async () => {
    const on = `host="${HOST}"`;
    const svc = `host="${HOST}",service="web"`;
    const fired = (alert: string, service: string | undefined, labels: Record<string, string>, value: Record<string, string> = {}) => {
      const rule = find(alert, service);
      return { exp_labels: { ...labels, ...rule.labels }, exp_annotations: expand(rule.annotations, value) };
    };
    const test = (alert: string, quietAt: string, firingAt: string, exp: ReturnType<typeof fired>) => [
      { eval_time: quietAt, alertname: alert, exp_alerts: [] },
      { eval_time: firingAt, alertname: alert, exp_alerts: [exp] },
    ];
    const unitTests = {
      rule_files: [rulesFile],
      evaluation_interval: '5s',
      tests: [
        {
          interval: '5s',
          input_series: [
            // over the threshold from t=5s: pending, then firing once it has been over for 5s x 3 = 15s (t=20s)
            { series: `teachops_host_cpu_ratio{${on}}`, values: '0.5 0.9x20' },
            { series: `teachops_host_memory_used_bytes{${on}}`, values: '9000000000x20' },
            { series: `teachops_host_memory_total_bytes{${on}}`, values: '10000000000x20' },
            { series: `teachops_host_disk_used_ratio{${on},mount="/data"}`, values: '0.95x20' },
            { series: `teachops_host_disk_used_ratio{${on},mount="/"}`, values: '0.2x20' },
            // down from t=10s; firing after stop_timeout + start_timeout = 5s
            { series: `teachops_service_desired_running{${svc}}`, values: '1x20' },
            { series: `teachops_service_up{${svc}}`, values: '1 1 0x20' },
            // the worker was stopped by an operator: down but not desired running, never an alert
            { series: `teachops_service_desired_running{${on},service="worker"}`, values: '0x20' },
            { series: `teachops_service_up{${on},service="worker"}`, values: '0x20' },
            // failing from t=5s; firing after 5s x 2 = 10s
            { series: `teachops_service_healthy{${svc}}`, values: '1 0x20' },
            { series: `teachops_service_memory_rss_bytes{${svc}}`, values: '209715200x20' },
            // one full core (5 CPU seconds every 5 s) against a limit of 50 %
            { series: `teachops_service_cpu_seconds_total{${svc}}`, values: '0+5x40' },
            // two automatic restarts within the 1m window: the budget (max_restarts 2) is used up
            { series: `teachops_service_restarts_total{${svc},reason="crash"}`, values: '0 0 1 2x20' },
            { series: `teachops_service_restarts_total{${svc},reason="operator"}`, values: '0 5 9x20' },
          ],
          alert_rule_test: [
            ...test('TeachopsHostCpuHigh', '15s', '20s', fired('TeachopsHostCpuHigh', undefined, { host: HOST }, { value: '90%' })),
            ...test('TeachopsHostMemoryHigh', '10s', '15s', fired('TeachopsHostMemoryHigh', undefined, { host: HOST }, { value: '90%' })),
            ...test('TeachopsHostDiskFull', '10s', '15s', fired('TeachopsHostDiskFull', undefined, { host: HOST, mount: '/data' }, { value: '95%', mount: '/data' })),
            ...test('TeachopsServiceDown', '10s', '15s', fired('TeachopsServiceDown', 'web', { host: HOST, service: 'web' })),
            ...test('TeachopsHealthCheckFailing', '10s', '15s', fired('TeachopsHealthCheckFailing', 'web', { host: HOST, service: 'web' })),
            ...test('TeachopsServiceMemoryHigh', '10s', '15s', fired('TeachopsServiceMemoryHigh', 'web', { host: HOST, service: 'web' }, { value: '200Mi' })),
            ...test('TeachopsServiceCpuHigh', '0s', '2m', fired('TeachopsServiceCpuHigh', 'web', { host: HOST, service: 'web' }, { value: '100%' })),
            ...test('TeachopsServiceCrashLoop', '5s', '25s', fired('TeachopsServiceCrashLoop', 'web', { host: HOST, service: 'web', reason: 'crash' }, { value: '2' })),
            // no build info from this host for 1m: teachops itself is not reporting
            ...test('TeachopsNotReporting', '55s', '1m', fired('TeachopsNotReporting', undefined, { host: HOST })),
          ],
        },
      ],
    };
    const testFile = join(p.dir, 'rules.test.yml');
    writeFileSync(testFile, stringify(unitTests, { lineWidth: 0 }));
    const r = await execa(promtool!, ['test', 'rules', testFile], { reject: false, all: true });
    expect(r.all).toContain('SUCCESS');
    expect(r.exitCode).toBe(0);
  });
});

/** The annotation text Prometheus renders: its {{ ... }} templates filled in with what the test series give. */
function expand(annotations: Record<string, string>, v: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).map(([k, text]) => [
      k,
      text
        .replace(/\{\{ \$value \| humanizePercentage \}\}/g, v.value ?? '')
        .replace(/\{\{ \$value \| humanize1024 \}\}/g, v.value ?? '')
        .replace(/\{\{ printf "%\.0f" \$value \}\}/g, v.value ?? '')
        .replace(/\{\{ \$labels\.mount \}\}/g, v.mount ?? ''),
    ]),
  );
}
