/**
 * Alertmanager alerts in teachops' lifecycle (src/monitor/alertmanager.ts) over a real store, with a manual clock:
 * repeated and late deliveries, re-opening, stale resolutions, and what polling Alertmanager settles for the
 * alerts teachops silenced there (it notifies nothing about those).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { AlertBook } from '../../src/monitor/book.js';
import { AlertmanagerAlerts, localService, type ReceivedAlert } from '../../src/monitor/alertmanager.js';
import { outboxNotifications } from '../../src/notify/outbox.js';
import { demoCommand, makeTempProject, type TempProject } from '../support/temp-project.js';

let p: TempProject | undefined;
afterEach(async () => {
  await p?.cleanup();
  p = undefined;
});

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

function setup(goneAfterMs = 60_000) {
  p = makeTempProject({ services: { backend: { command: demoCommand('backend'), port: 18000 } } });
  const clock = new ManualClock(T0);
  const { store, config } = p;
  const book = new AlertBook({ store, clock, config, notifications: outboxNotifications(store.outbox, () => clock.now()) });
  const am = new AlertmanagerAlerts({ book, store, clock, config, host: 'web-1', goneAfterMs });
  const rows = () => store.db.prepare("SELECT subject, kind, params FROM outbox ORDER BY id").all() as { subject: string; kind: string; params: string }[];
  return { store, clock, book, am, rows };
}

function alert(fp: string, o: Partial<ReceivedAlert> = {}): ReceivedAlert {
  return {
    fingerprint: fp,
    status: 'firing',
    labels: { alertname: 'HighLatency', severity: 'critical' },
    annotations: { summary: 'p99 above 500 ms' },
    startsAt: T0 - 60_000,
    generatorURL: null,
    externalURL: 'http://am.lan:9093/',
    receiver: 'teachops',
    ...o,
  };
}

describe('Alertmanager alerts: deliveries', () => {
  it('the same alert delivered again (repeat_interval, a second replica) refreshes it and notifies nothing', () => {
    const { store, am, rows } = setup();
    expect(am.receive([alert('aa')])).toMatchObject({ fired: 1 });
    expect(am.receive([alert('aa'), alert('aa')])).toMatchObject({ fired: 0, refreshed: 2 });
    const a = store.alerts.activeByKey('alertmanager:aa')!;
    expect(a).toMatchObject({ kind: 'alertmanager', subject: 'HighLatency', detail: 'p99 above 500 ms', state: 'firing', service: null });
    expect(rows().map((r) => [r.subject, r.kind])).toEqual([[`alert:${a.id}`, 'alert.message']]);
    expect(store.externalAlerts.get(a.id)).toMatchObject({ fingerprint: 'aa', starts_at: T0 - 60_000, external_url: 'http://am.lan:9093/' });
  });

  it('resolved, then a late copy of the same firing is ignored; a new firing soon after re-opens the same alert; much later, a new one', () => {
    const { store, clock, am } = setup();
    am.receive([alert('bb')]);
    const first = store.alerts.activeByKey('alertmanager:bb')!;
    clock.advance(60_000);
    expect(am.receive([alert('bb', { status: 'resolved' })])).toMatchObject({ resolved: 1 });
    expect(store.alerts.get(first.id)).toMatchObject({ state: 'resolved', resolution: 'alertmanager' });
    expect(am.receive([alert('bb')])).toMatchObject({ ignored: 1, fired: 0, reopened: 0 });
    expect(store.alerts.get(first.id)!.state).toBe('resolved');

    clock.advance(60_000);
    expect(am.receive([alert('bb', { startsAt: clock.now() - 1000 })])).toMatchObject({ reopened: 1 });
    expect(store.alerts.get(first.id)).toMatchObject({ state: 'firing', fire_count: 2 });
    am.receive([alert('bb', { status: 'resolved', startsAt: clock.now() - 1000 })]);

    clock.advance(30 * 60_000);
    expect(am.receive([alert('bb', { startsAt: clock.now() })])).toMatchObject({ fired: 1 });
    expect(store.alerts.activeByKey('alertmanager:bb')!.id).not.toBe(first.id);
  });

  it('a resolution of an older episode, or of an alert never seen firing, changes nothing', () => {
    const { store, am } = setup();
    am.receive([alert('cc', { startsAt: T0 })]);
    expect(am.receive([alert('cc', { status: 'resolved', startsAt: T0 - 3_600_000 })])).toMatchObject({ ignored: 1, resolved: 0 });
    expect(store.alerts.activeByKey('alertmanager:cc')!.state).toBe('firing');
    expect(am.receive([alert('dd', { status: 'resolved' })])).toMatchObject({ ignored: 1 });
    expect(store.alerts.latestByKey('alertmanager:dd')).toBeUndefined();
  });

  it('names a service of this host only when the service is configured and the host label is absent or this host', () => {
    const config = { services: { backend: {} } } as never;
    expect(localService({ service: 'backend' }, config, 'web-1')).toBe('backend');
    expect(localService({ service: 'backend', host: 'web-1' }, config, 'web-1')).toBe('backend');
    expect(localService({ service: 'backend', host: 'gpu-1' }, config, 'web-1')).toBeNull();
    expect(localService({ service: 'llm' }, config, 'web-1')).toBeNull();
    expect(localService({ service: 'toString' }, config, 'web-1')).toBeNull();
    expect(localService({}, config, 'web-1')).toBeNull();
  });
});

describe('Alertmanager alerts: what polling its API settles', () => {
  it('a silenced alert Alertmanager no longer lists resolves after the grace period, and its until-resolved silence is owed an expiry', () => {
    const { store, clock, am } = setup(60_000);
    am.receive([alert('ee')]);
    const a = store.alerts.activeByKey('alertmanager:ee')!;
    expect(am.recordSilence(a.id, 'resolved', 'slack:U1', 'sil-1')).toBe('silenced');
    const view = () => ({ at: clock.now(), listed: new Set<string>(), silences: new Map([['sil-1', 'active']]) });
    expect(am.reconcile(view())).toEqual({ resolved: 0, unsilenced: 0, expireDue: 0 });
    clock.advance(30_000);
    expect(am.reconcile(view()).resolved).toBe(0);
    clock.advance(30_000);
    expect(am.reconcile(view())).toEqual({ resolved: 1, unsilenced: 0, expireDue: 1 });
    expect(store.alerts.get(a.id)).toMatchObject({ state: 'resolved', resolution: 'alertmanager_gone', silence: null });
    expect(store.externalAlerts.expireDue().map((e) => [e.alert_id, e.silence_id])).toEqual([[a.id, 'sil-1']]);
    am.silenceExpired(a.id, null);
    expect(store.externalAlerts.expireDue()).toEqual([]);
  });

  it('back in the list before the grace period ends: still firing; its silence expired there (amtool, the UI): unsilenced here', () => {
    const { store, clock, am } = setup(60_000);
    am.receive([alert('ff')]);
    const a = store.alerts.activeByKey('alertmanager:ff')!;
    am.recordSilence(a.id, '4h', 'slack:U1', 'sil-2');
    am.reconcile({ at: clock.now(), listed: new Set(), silences: new Map([['sil-2', 'active']]) });
    clock.advance(45_000);
    expect(am.reconcile({ at: clock.now(), listed: new Set(['ff']), silences: new Map([['sil-2', 'active']]) })).toEqual({ resolved: 0, unsilenced: 0, expireDue: 0 });
    clock.advance(45_000);
    expect(am.reconcile({ at: clock.now(), listed: new Set(['ff']), silences: new Map([['sil-2', 'active']]) }).resolved).toBe(0);
    expect(am.reconcile({ at: clock.now(), listed: new Set(['ff']), silences: new Map([['sil-2', 'expired']]) })).toEqual({ resolved: 0, unsilenced: 1, expireDue: 0 });
    expect(store.alerts.get(a.id)).toMatchObject({ state: 'firing', silence: null });
    expect(store.externalAlerts.get(a.id)!.silence_id).toBeNull();
    expect(store.alerts.events(a.id).map((e) => e.text_key)).toContain('alerts.note_silence_ended_upstream');
  });

  it('a timed silence that ran out here is still followed until Alertmanager says it ended, so a resolution while muted is not missed', () => {
    const { store, clock, book, am } = setup(60_000);
    am.receive([alert('gg')]);
    const a = store.alerts.activeByKey('alertmanager:gg')!;
    am.recordSilence(a.id, '1h', 'slack:U1', 'sil-3');
    clock.advance(3_600_000);
    book.sweep();
    expect(store.alerts.get(a.id)!.silence).toBeNull();
    expect(store.externalAlerts.activeSilenced('alertmanager').map((e) => e.alert_id)).toEqual([a.id]);
    am.reconcile({ at: clock.now(), listed: new Set(), silences: new Map([['sil-3', 'expired']]) });
    clock.advance(60_000);
    expect(am.reconcile({ at: clock.now(), listed: new Set(), silences: new Map([['sil-3', 'expired']]) })).toMatchObject({ resolved: 1, expireDue: 0 });
    expect(store.alerts.get(a.id)!.state).toBe('resolved');
  });

  it('a silence made while the alert resolved is owed an expiry instead of being recorded', () => {
    const { store, am } = setup();
    am.receive([alert('hh')]);
    const a = store.alerts.activeByKey('alertmanager:hh')!;
    am.receive([alert('hh', { status: 'resolved' })]);
    expect(am.recordSilence(a.id, '1h', 'slack:U1', 'sil-4')).toBe('resolved');
    expect(store.alerts.get(a.id)!.silence).toBeNull();
    expect(store.externalAlerts.expireDue().map((e) => e.silence_id)).toEqual(['sil-4']);
  });
});

describe('Alertmanager alerts: a view older than the store', () => {
  it('a silence recorded after the view was fetched is not taken for one that ended (the sync raced teach silence)', () => {
    const { store, clock, am } = setup(60_000);
    am.receive([alert('ii')]);
    const a = store.alerts.activeByKey('alertmanager:ii')!;
    const fetchedAt = clock.now();
    clock.advance(100);
    am.recordSilence(a.id, '4h', 'cli:alice', 'sil-5');
    // The view was read from Alertmanager before the silence existed there.
    expect(am.reconcile({ at: fetchedAt, listed: new Set(['ii']), silences: new Map() })).toEqual({ resolved: 0, unsilenced: 0, expireDue: 0 });
    expect(store.alerts.get(a.id)!.silence).toBe('4h');
    expect(store.externalAlerts.get(a.id)!.silence_id).toBe('sil-5');
    expect(am.reconcile({ at: clock.now(), listed: new Set(['ii']), silences: new Map([['sil-5', 'active']]) })).toEqual({ resolved: 0, unsilenced: 0, expireDue: 0 });
  });
});
