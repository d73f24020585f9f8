/**
 * The config's alert rules as Prometheus alerting rules over teachops' own series (src/metrics/names.ts), one group
 * per host. Equivalences: a threshold's `for` is monitor.interval x monitor.for and a health alert's is
 * monitor.interval x monitor.health_failures (samples in a row become time in a row); per-service limits and the
 * crash-loop guard become one rule per service. Pure: the caller supplies the host label and the runbook link.
 */
import type { Config, ServiceConfig } from '../config/types.js';
import { t, type MessageKey, type Params } from '../i18n/index.js';
import { METRIC } from '../metrics/names.js';
import { num, promDuration, selector } from './promql.js';

export type RuleKind = 'service_down' | 'health' | 'cpu' | 'memory' | 'disk' | 'service_cpu' | 'service_memory' | 'crash_loop' | 'not_reporting';

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleFile {
  groups: { name: string; rules: AlertingRule[] }[];
}

export interface RuleOptions {
  host: string;
  /** `{alert}` is replaced by the rule's kind */
  runbookUrl: string;
}

/** CPU is a rate over the counter: over at least a minute, so a Prometheus scraping every 15 s has points to use. */
const MIN_RATE_WINDOW_MS = 60_000;

export function prometheusRules(config: Config, opts: RuleOptions): RuleFile {
  const { host } = opts;
  const m = config.monitor;
  const text = (key: MessageKey, p: Params) => t(config.locale, key, { host, ...p });
  const rule = (alert: string, kind: RuleKind, severity: 'critical' | 'warning', expr: string, forMs: number, extra: Record<string, string>, texts: [MessageKey, MessageKey], p: Params): AlertingRule => ({
    alert,
    expr,
    ...(forMs > 0 ? { for: promDuration(forMs) } : {}),
    labels: { severity, kind, host, ...extra },
    annotations: { summary: text(texts[0], p), description: text(texts[1], p), runbook_url: opts.runbookUrl.replaceAll('{alert}', kind) },
  });
  const thresholdFor = m.interval * m.for;
  const forText = promDuration(thresholdFor);
  const onHost = { host };
  const rateWindow = Math.max(MIN_RATE_WINDOW_MS, 4 * m.interval);
  const rules: AlertingRule[] = [];

  for (const svc of Object.values(config.services)) {
    const on = { host, service: svc.name };
    const p = { service: svc.name, title: svc.title };
    // An operator's restart keeps a service down for up to stop_timeout + start_timeout, and Prometheus cannot see the
    // lock that tells teachops a restart from a crash: waiting that long keeps restarts from paging anyone.
    rules.push(rule('TeachopsServiceDown', 'service_down', 'critical', `${selector(METRIC.serviceDesiredRunning, on)} == 1 and on(host, service) ${selector(METRIC.serviceUp, on)} == 0`, svc.stop_timeout + svc.start_timeout, { service: svc.name }, ['metrics.rule_service_down_summary', 'metrics.rule_service_down_description'], { ...p, policy: svc.restart.policy }));
    if (svc.health) {
      const forMs = m.interval * m.health_failures;
      rules.push(rule('TeachopsHealthCheckFailing', 'health', 'critical', `${selector(METRIC.serviceHealthy, on)} == 0`, forMs, { service: svc.name }, ['metrics.rule_health_summary', 'metrics.rule_health_description'], { ...p, url: svc.health.url, for: promDuration(forMs), n: m.health_failures, interval: promDuration(m.interval) }));
    }
    rules.push(...serviceLimitRules(svc, rule, on, thresholdFor, rateWindow, forText));
    if (svc.restart.policy !== 'never' && svc.restart.max_restarts > 0) {
      const window = promDuration(svc.restart.window);
      rules.push(rule('TeachopsServiceCrashLoop', 'crash_loop', 'critical', `increase(${selector(METRIC.serviceRestarts, { ...on, reason: 'crash' })}[${window}]) >= ${svc.restart.max_restarts}`, 0, { service: svc.name }, ['metrics.rule_crash_loop_summary', 'metrics.rule_crash_loop_description'], { ...p, window: promDuration(svc.restart.window), max: svc.restart.max_restarts }));
    }
  }

  const th = m.thresholds;
  rules.push(rule('TeachopsHostCpuHigh', 'cpu', 'warning', `${selector(METRIC.hostCpu, onHost)} > ${num(th.cpu_percent / 100)}`, thresholdFor, {}, ['metrics.rule_cpu_summary', 'metrics.rule_cpu_description'], { threshold: th.cpu_percent, for: forText }));
  rules.push(rule('TeachopsHostMemoryHigh', 'memory', 'warning', `${selector(METRIC.hostMemoryUsed, onHost)} / ${selector(METRIC.hostMemoryTotal, onHost)} > ${num(th.memory_percent / 100)}`, thresholdFor, {}, ['metrics.rule_memory_summary', 'metrics.rule_memory_description'], { threshold: th.memory_percent, for: forText }));
  rules.push(rule('TeachopsHostDiskFull', 'disk', 'warning', `${selector(METRIC.hostDiskUsedRatio, onHost)} > ${num(th.disk_percent / 100)}`, thresholdFor, {}, ['metrics.rule_disk_summary', 'metrics.rule_disk_description'], { threshold: th.disk_percent, for: forText }));
  // Who watches the watcher: without this, a stopped `teach run` silences every rule above (no series, no alert).
  const silentFor = Math.max(MIN_RATE_WINDOW_MS, 3 * m.interval);
  rules.push(rule('TeachopsNotReporting', 'not_reporting', 'critical', `absent(${selector(METRIC.buildInfo, onHost)})`, silentFor, {}, ['metrics.rule_not_reporting_summary', 'metrics.rule_not_reporting_description'], { for: promDuration(silentFor) }));
  return { groups: [{ name: `teachops:${host}`, rules }] };
}

type RuleMaker = (alert: string, kind: RuleKind, severity: 'critical' | 'warning', expr: string, forMs: number, extra: Record<string, string>, texts: [MessageKey, MessageKey], p: Params) => AlertingRule;

function serviceLimitRules(svc: ServiceConfig, rule: RuleMaker, on: Record<string, string>, forMs: number, rateWindowMs: number, forText: string): AlertingRule[] {
  const out: AlertingRule[] = [];
  const p = { service: svc.name, for: forText };
  const { cpu_percent: cpu, memory_mb: mb } = svc.limits;
  if (cpu !== undefined) {
    const expr = `rate(${selector(METRIC.serviceCpu, on)}[${promDuration(rateWindowMs)}]) > ${num(cpu / 100)}`;
    out.push(rule('TeachopsServiceCpuHigh', 'service_cpu', 'warning', expr, forMs, { service: svc.name }, ['metrics.rule_service_cpu_summary', 'metrics.rule_service_cpu_description'], { ...p, limit: cpu, window: promDuration(rateWindowMs) }));
  }
  if (mb !== undefined) {
    const expr = `${selector(METRIC.serviceMemory, on)} > ${num(mb * 1024 * 1024)}`;
    out.push(rule('TeachopsServiceMemoryHigh', 'service_memory', 'warning', expr, forMs, { service: svc.name }, ['metrics.rule_service_memory_summary', 'metrics.rule_service_memory_description'], { ...p, limit: mb }));
  }
  return out;
}
