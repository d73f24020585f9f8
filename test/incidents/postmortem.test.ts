/**
 * The postmortem of an incident started from an alert (issue 12): its times count from the alert's first firing to
 * its first acknowledgement (which came before the incident), each row saying from what to what; people by name
 * from Slack's users.info, cached, so a postmortem written while Slack is unreachable still names them (an id nobody
 * knows stays raw); the host as it was when the alert fired and at resolution.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import { alertMessage } from '../../src/slack/views/alert.js';
import { acknowledgeAlert } from '../../src/ops/alerts.js';
import { incidentsOf, resolveIncident } from '../../src/ops/incidents.js';
import { hostSnapshot } from '../../src/probes/snapshot.js';
import { summarize } from '../../src/monitor/snapshot.js';
import { CHANNEL, makeWorld, OPERATOR, type World } from './harness.js';

const MIN = 60_000;
let world: World | undefined;
afterEach(async () => {
  await world?.cleanup();
  world = undefined;
});

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

describe('postmortem', () => {
  test('times from the first alert firing, named people (cached), the host when the alert fired and at resolution', async () => {
    world = await makeWorld({
      start: false,
      services: ['backend'],
      users: { [OPERATOR]: { name: 'olga', realName: 'Olga Petrova' } },
      snapshot: () => hostSnapshot({ top: 2, sampleMs: 20 }),
    });
    const w = world;
    const fired = w.clock.now();
    const { alert } = w.store().alerts.open({ key: 'service_down:backend', kind: 'service_down', service: 'backend', subject: 'backend', value: null, threshold: null, detail: 'process gone' }, fired);
    // What the monitor keeps when an alert fires (MonitorBook.attachSnapshot), from the real host.
    w.store().alerts.setSnapshot(alert.id, { ...summarize(await hostSnapshot({ top: 2, sampleMs: 20 }), fired), log: { file: 'logs/backend.log', scanned: 3, lines: ["KeyError: 'missing-course'"] } });
    const web = new WebClient(w.standin.botToken, { slackApiUrl: w.standin.apiUrl });
    const posted = await web.chat.postMessage({ channel: CHANNEL, ...alertMessage(alert, w.project.config) });

    w.clock.advance(2 * MIN);
    await acknowledgeAlert(w.bot.ops, { source: 'slack', id: OPERATOR, channel: CHANNEL }, alert.id);
    w.clock.advance(3 * MIN);
    await w.standin.click(CHANNEL, posted.ts!, 'alert_runbook', { user: OPERATOR });
    const m = await w.incidentMessage();
    w.clock.advance(MIN);
    await w.standin.click(CHANNEL, m.ts, 'incident_resolve', { user: OPERATOR });
    await w.standin.waitFor(() => w.store().incidents.get(1)!.postmortem, { timeoutMs: 10_000, what: 'the postmortem' });
    const md = readFileSync(w.store().incidents.get(1)!.postmortem!, 'utf8');

    const olga = 'Olga Petrova (@olga)';
    expect(md).toContain(`- Lead: ${olga}`);
    expect(md).toContain('| Measure | Value | Measured |');
    expect(md).toContain(`| Time to acknowledge | 2m 0s | from \`service_down:backend\` firing (${clock(fired)}) to its acknowledgement by ${olga} (${clock(fired + 2 * MIN)}) |`);
    expect(md).toContain(`| Time to recover | not reached | from \`service_down:backend\` firing (${clock(fired)}); not reached yet |`);
    expect(md).not.toContain(`@${OPERATOR}`);
    expect(md).toContain(`### When \`service_down:backend\` fired (`);
    expect(md).toMatch(/- CPU [\d.]+ %, memory [\d.]+ %, load /);
    expect(md).toContain("KeyError: 'missing-course'");
    expect(md).toMatch(/### At resolution \(.*\)\n\n- CPU: [\d.]+% \(\d+ cores\)/);
    // the resolution snapshot is kept: an export writes the same document again
    const again = await (await import('../../src/ops/incidents.js')).exportIncident(incidentsOf(w.bot.ops), 1);
    expect(again).toBe(md);
  });

  test('Slack unreachable: a name seen before comes from the cache, an id nobody knows stays raw', async () => {
    world = await makeWorld({ start: false, services: ['backend'], operators: [OPERATOR, 'UNEWBIE1'], users: { [OPERATOR]: { name: 'olga', realName: 'Olga Petrova' }, UNEWBIE1: { name: 'nina' } } });
    const w = world;
    await w.standin.slash('incident first', { user: OPERATOR, channel: CHANNEL });
    const first = await w.incidentMessage(1);
    await w.standin.click(CHANNEL, first.ts, 'incident_resolve', { user: OPERATOR });
    await w.standin.waitFor(() => w.store().incidents.get(1)!.postmortem, { timeoutMs: 10_000, what: 'the first postmortem' });
    const users = () => w.standin.calls('users.info').length;
    const asked = users();
    expect(asked).toBeGreaterThan(0);

    await w.standin.slash('incident second', { user: OPERATOR, channel: CHANNEL });
    await w.settle();
    w.standin.setDown(true, { sockets: false });
    const ictx = incidentsOf(w.bot.ops);
    await ictx.engine.takeLead(2, 'slack:UNEWBIE1');
    const { file } = await resolveIncident(ictx, { source: 'slack', id: 'UNEWBIE1', channel: CHANNEL }, 2);
    const md = readFileSync(file, 'utf8');
    expect(md).toContain('Olga Petrova (@olga) declared the incident: second');
    expect(md).toContain('- Lead: @UNEWBIE1');
    w.standin.setDown(false);
  });
});
