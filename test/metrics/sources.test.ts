/** What /metrics reads from the state database: restarts from the audit log (incrementally), alerts, incidents. */
import { describe, expect, it, onTestFinished } from 'vitest';
import { metricsSources } from '../../src/app/metrics-sources.js';
import type { AuditEntry } from '../../src/store/index.js';
import { makeTempProject } from '../support/temp-project.js';

function project() {
  const p = makeTempProject({ services: { api: { command: 'node api.mjs' }, web: { command: 'node web.mjs' } } });
  onTestFinished(() => p.cleanup());
  return p;
}

const entry = (e: Partial<AuditEntry>): AuditEntry => ({
  at: 1, source: 'cli', actor: 'alice', channel: null, action: 'restart', args: { target: 'api' }, outcome: 'ok', detail: null, duration_ms: 1, ...e,
});

describe('metrics sources', () => {
  it('counts restarts by service and reason from the audit log, reading only what is new', () => {
    const p = project();
    const src = metricsSources(p.store, p.config.serviceNames);
    const count = (service: string, reason: string) => src.restarts().find((r) => r.service === service && r.reason === reason)?.count;
    expect(src.restarts()).toEqual([
      { service: 'api', reason: 'crash', count: 0 },
      { service: 'api', reason: 'operator', count: 0 },
      { service: 'web', reason: 'crash', count: 0 },
      { service: 'web', reason: 'operator', count: 0 },
    ]);
    p.store.audit.record(entry({ source: 'teachops', actor: 'teachops' })); // the restart policy after a crash
    p.store.audit.record(entry({ source: 'teachops', actor: 'teachops', outcome: 'failed' })); // stopped, did not come up: still a restart
    p.store.audit.record(entry({ source: 'slack', actor: 'U1', args: { target: 'all' } }));
    p.store.audit.record(entry({ outcome: 'refused' })); // not an operator: nothing restarted
    p.store.audit.record(entry({ action: 'stop' }));
    expect([count('api', 'crash'), count('api', 'operator'), count('web', 'crash'), count('web', 'operator')]).toEqual([2, 1, 0, 1]);
    // Read again: the same rows are not counted twice; a new one is.
    expect(count('api', 'operator')).toBe(1);
    p.store.audit.record(entry({ args: { target: 'web', overrides: ['LLM_PROVIDER'] } }));
    expect(count('web', 'operator')).toBe(2);
  });

  it('counts active alerts by kind and state, zero for the rest', () => {
    const p = project();
    const src = metricsSources(p.store, p.config.serviceNames);
    expect(src.alertsActive().every((a) => a.count === 0)).toBe(true);
    expect(src.alertsActive()).toContainEqual({ kind: 'crash_loop', state: 'acknowledged', count: 0 });
    expect([src.incidentsOpen(), src.deliveryPending()]).toEqual([0, 0]);
    const alert = { kind: 'service_down' as const, service: 'api', subject: null, value: null, threshold: null, detail: null };
    p.store.alerts.open({ ...alert, key: 'service_down:api' }, 1);
    p.store.alerts.open({ ...alert, key: 'service_down:web', service: 'web' }, 1);
    expect(src.alertsActive()).toContainEqual({ kind: 'service_down', state: 'firing', count: 2 });
    expect(src.alertsActive().filter((a) => a.count > 0)).toHaveLength(1);
  });
});
