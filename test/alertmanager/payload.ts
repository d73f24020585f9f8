/** Webhook payloads as Alertmanager 0.25 sends them (captured from the Debian package's binary), for the tests. */

export interface AlertSpec {
  fingerprint: string;
  status?: 'firing' | 'resolved';
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  generatorURL?: string;
}

export function webhook(alerts: AlertSpec[], o: { receiver?: string; externalURL?: string; truncatedAlerts?: number } = {}): Record<string, unknown> {
  const full = alerts.map((a) => ({
    status: a.status ?? 'firing',
    labels: a.labels ?? { alertname: 'HighLatency', severity: 'critical' },
    annotations: a.annotations ?? { summary: 'p99 latency above 500 ms' },
    startsAt: a.startsAt ?? '2026-11-30T04:55:28.481590265Z',
    endsAt: a.status === 'resolved' ? '2026-11-30T05:01:00.000Z' : '0001-01-01T00:00:00Z',
    generatorURL: a.generatorURL ?? 'http://prometheus.lan:9090/graph?g0.expr=up&g0.tab=1',
    fingerprint: a.fingerprint,
  }));
  return {
    receiver: o.receiver ?? 'teachops',
    status: full.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts: full,
    groupLabels: { alertname: 'HighLatency' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: o.externalURL ?? 'http://alertmanager.lan:9093',
    version: '4',
    groupKey: '{}:{alertname="HighLatency"}',
    truncatedAlerts: o.truncatedAlerts ?? 0,
  };
}
