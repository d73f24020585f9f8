/**
 * End to end with the real engines: `teach run` (a child process, demo services) serves /metrics, a real Prometheus
 * scrapes it and evaluates the rules `teach prometheus rules` wrote. A crashed service makes the service-down rule
 * fire; an operator's restart shows up in the restart counter; every series carries the host label.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { demoProject, pidOf, runDaemon, teach } from '../cli/helpers.js';
import { findEngine, skipNote } from '../support/engines.js';
import { startPrometheus } from '../support/prometheus.js';
import { demoCommand, freePort } from '../support/temp-project.js';

const prometheus = findEngine('prometheus');
const promtool = findEngine('promtool');
const HOST = 'e2e-host';

describe.skipIf(!prometheus || !promtool)(`Prometheus scraping teach run${skipNote({ prometheus, promtool })}`, () => {
  it('scrapes every series with its labels, counts restarts, and fires the service-down rule when a service crashes', async () => {
    const metricsPort = await freePort();
    const llmPort = await freePort();
    const p = await demoProject({
      raw: { monitor: { interval: '500ms' }, metrics: { listen: `127.0.0.1:${metricsPort}`, host: HOST } },
      services: {
        // restart policy `never`, so the crash below stays a crash; short timeouts keep the rule's `for` at 3s
        llm: {
          command: demoCommand('llm'),
          env: { PORT: String(llmPort), LLM_PROVIDER: 'tongyi' },
          env_file: 'llm.env',
          required_env: ['DASHSCOPE_API_KEY'],
          port: llmPort,
          health: { url: `http://127.0.0.1:${llmPort}/health`, timeout: '1s' },
          start_timeout: '2s',
          stop_timeout: '1s',
          restart: { policy: 'never' },
        },
      },
    });
    const rules = teach(p, ['prometheus', 'rules', '--out', 'teachops.rules.yml']);
    expect(rules.code).toBe(0);
    const rulesFile = join(p.dir, 'teachops.rules.yml');
    expect((await execa(promtool!, ['check', 'rules', rulesFile], { reject: false })).exitCode).toBe(0);

    const daemon = runDaemon(p);
    const prom = await startPrometheus({ binary: prometheus!, targets: [`127.0.0.1:${metricsPort}`], ruleFiles: [rulesFile] });
    try {
      await daemon.waitFor(/ready: watching the services/);
      expect(daemon.output()).toContain(`serving Prometheus metrics at http://127.0.0.1:${metricsPort}/metrics (host label "${HOST}")`);

      // Scraped: one series per service, each with the service and host labels.
      const up = await prom.until(async () => {
        const r = await prom.query('teachops_service_up');
        return r.length === 3 && r.every((s) => s.value === 1) ? r : undefined;
      }, 'three services up in Prometheus');
      expect(up.map((s) => [s.metric.service, s.metric.host, s.metric.job]).sort()).toEqual([
        ['backend', HOST, 'teachops'],
        ['frontend', HOST, 'teachops'],
        ['llm', HOST, 'teachops'],
      ]);
      const names = new Set((await prom.query('{job="teachops"}')).map((s) => s.metric.__name__));
      for (const n of ['teachops_service_desired_running', 'teachops_service_healthy', 'teachops_service_restarts_total', 'teachops_service_cpu_seconds_total',
        'teachops_service_memory_rss_bytes', 'teachops_health_check_duration_seconds_bucket', 'teachops_health_check_failures_total', 'teachops_alerts_active',
        'teachops_slack_delivery_pending', 'teachops_incidents_open', 'teachops_host_cpu_ratio', 'teachops_host_disk_used_ratio', 'process_cpu_seconds_total']) {
        expect(names, n).toContain(n);
      }
      // Every series teachops exports has the host label (up and scrape_* are Prometheus' own, per target).
      expect(await prom.query('count({job="teachops", host!="e2e-host", __name__!~"up|scrape_.+"})')).toEqual([]);

      // Every generated rule evaluates without an error against the real series.
      await prom.until(async () => {
        const data = await prom.api<{ groups: { rules: { name: string; health: string; lastError?: string }[] }[] }>('/api/v1/rules');
        const all = data.groups.flatMap((g) => g.rules);
        const bad = all.filter((r) => r.health !== 'ok');
        if (bad.some((r) => r.health === 'err')) throw new Error(`rules failing: ${JSON.stringify(bad)}`);
        return all.length > 0 && bad.length === 0;
      }, 'every rule evaluated');

      // An operator's restart is counted with reason="operator".
      expect(teach(p, ['restart', 'backend']).code).toBe(0);
      await prom.until(async () => (await prom.query(`teachops_service_restarts_total{service="backend",reason="operator"} == 1`)).length === 1, 'the restart counted');

      // Crash llm (our own demo process): teachops sees it down while desired running; the rule fires in Prometheus.
      process.kill(pidOf(p, 'llm'), 'SIGKILL');
      const alert = await prom.until(async () => (await prom.alerts()).find((a) => a.labels.alertname === 'TeachopsServiceDown' && a.state === 'firing'), 'TeachopsServiceDown to fire', 60_000);
      expect(alert.labels).toMatchObject({ service: 'llm', host: HOST, severity: 'critical', kind: 'service_down' });
      expect(alert.annotations.summary).toBe(`llm is down on ${HOST}`);
      expect(alert.annotations.runbook_url).toMatch(/README\.md#alerts$/);
      // The others kept running: nothing else fired for them.
      expect((await prom.alerts()).filter((a) => a.labels.alertname === 'TeachopsServiceDown' && a.labels.service !== 'llm')).toEqual([]);
    } finally {
      await prom.stop();
      await daemon.stop();
    }
  }, 120_000);
});
