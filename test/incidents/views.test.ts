import { describe, expect, test } from 'vitest';
import { incidentMessage } from '../../src/slack/views/incident.js';
import { textModal } from '../../src/slack/views/incident-modal.js';
import { chooseMessage, notifySummary } from '../../src/slack/views/incident-thread.js';
import { incidentListMessage } from '../../src/slack/views/incident-list.js';
import { loadRunbook } from '../../src/incidents/runbook-load.js';
import type { Incident, IncidentStep } from '../../src/incidents/types.js';
import { checkBlockKitLimits } from '../support/slack-standin/index.js';
import { RUNBOOK } from './harness.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MIN = 60_000;
const runbook = loadRunbook(RUNBOOK);

function incident(over: Partial<Incident> = {}): Incident {
  const steps = runbook.phases.flatMap((p) => p.steps.map((s) => ({ id: s.id, phase_id: p.id, title: s.title, kind: s.kind, run: s.run ?? null, optional: s.optional === true, state: 'open' as IncidentStep['state'], by: null, at: null, text: null, detail: null })));
  return {
    id: 3, title: 'LLM <down> & out', state: 'open', lead: 'slack:U1', declared_by: 'slack:U1', started_at: T0,
    acknowledged_at: null, recovered_at: null, root_cause_at: null, resolved_at: null, resolved_by: null, channel: 'C1', message_ts: null, postmortem: null, notified: null,
    phases: runbook.phases.map((p) => ({ id: p.id, title: p.title, milestone: p.milestone ?? null, due_at: T0 + p.due_ms, reminded_at: null, completed_at: null })),
    steps,
    alerts: [{ key: 'service_down:llm', alert_id: 1, service: 'llm', title: 'llm is down', linked_at: T0, fired_at: T0 }],
    ...over,
  };
}

describe('incident views', () => {
  test('the message: header, fields, the current phase with a Slack date, a button per step; within Block Kit limits', () => {
    const inc = incident();
    inc.steps[1] = { ...inc.steps[1]!, state: 'done', by: 'slack:U2', at: T0 + MIN };
    inc.steps[3] = { ...inc.steps[3]!, state: 'failed', detail: 'llm: port 8001 in use' };
    const m = incidentMessage(inc, T0 + 6 * MIN, 'en');
    expect(checkBlockKitLimits(m.blocks)).toEqual([]);
    expect(m.text).toBe('Incident #3: LLM &lt;down&gt; &amp; out (lead @U1; Immediate response)');
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('🚨 Incident #3: LLM <down> & out'); // plain_text header: no escaping needed
    expect(json).toContain('*Current phase*\\nImmediate response · :warning: *overdue* (was due <!date^1767603900^{time}|09:05 UTC>)');
    expect(json).toContain('Start the contingency plan* — done by <@U2> at <!date^1767603660^{time}|09:01 UTC>');
    expect(json).toContain('Restart the failed service* — failed: llm: port 8001 in use');
    expect(json).toContain('"text":"Run again"');
    expect(json).toContain('`service_down:llm`');
  });

  test('skipped, not needed and optional steps; who was notified; Skip and Rename where they apply', () => {
    const inc = incident({ notified: { channel: 'C9', mention: ['S0ONCALL', 'here'], at: T0 + MIN, by: 'slack:U1' } });
    const at = (id: string) => inc.steps.findIndex((s) => s.id === id);
    inc.steps[at('notify')] = { ...inc.steps[at('notify')]!, state: 'skipped', by: 'slack:U2', at: T0 + MIN, detail: 'on-call <already> here' };
    inc.steps[at('restart')] = { ...inc.steps[at('restart')]!, state: 'not_needed', by: 'teachops', at: T0 + 9 * MIN, detail: '“Verify that service is restored” passed' };
    inc.steps[at('docs')] = { ...inc.steps[at('docs')]!, optional: true };
    const m = incidentMessage(inc, T0 + 2 * MIN, 'en');
    expect(checkBlockKitLimits(m.blocks)).toEqual([]);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('Notify the people concerned* — skipped by <@U2>: on-call &lt;already&gt; here');
    expect(json).toContain('Restart the failed service* — not needed: “Verify that service is restored” passed');
    expect(json).toContain('Update the ops docs* _(optional)_ — open');
    expect(json).toContain('*Notified*\\n<!subteam^S0ONCALL> <!here> in <#C9> at <!date^');
    expect(json).not.toContain('"block_id":"do:notify"');
    expect(json).not.toContain('"block_id":"do:restart"');
    const actionsOf = (id: string) => (m.blocks.find((b) => (b as { block_id?: string }).block_id === `do:${id}`) as { elements: { action_id: string }[] }).elements.map((e) => e.action_id);
    expect(actionsOf('fallback')).toEqual(['incident_run', 'incident_skip']);
    expect(json).toContain('"action_id":"incident_rename"');
  });

  test('zh-CN titles and labels; a resolved incident has no buttons', () => {
    const m = incidentMessage(incident({ state: 'resolved', resolved_at: T0 + 30 * MIN, resolved_by: 'slack:U1' }), T0 + 31 * MIN, 'zh-CN');
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('故障 #3（已解决）');
    expect(json).toContain('确认故障范围');
    expect(json).not.toContain('"type":"button"');
  });

  test('modal, choice, notify summary, list', () => {
    const inc = incident();
    const modal = textModal(inc, { ...inc.steps[6]!, text: 'so far' }, 'C1', 'en');
    expect(checkBlockKitLimits(modal)).toEqual([]);
    expect(JSON.parse(modal.private_metadata!)).toEqual({ inc: 3, step: 'cause', ch: 'C1' });
    const choose = chooseMessage(inc, { step: 'restart', purpose: 'restart', services: ['backend', 'llm', 'frontend'] }, 'en');
    expect(checkBlockKitLimits(choose.blocks)).toEqual([]);
    const n = notifySummary(inc, ['<!subteam^S1>'], 'en');
    expect(JSON.stringify(n.blocks)).toContain('<!subteam^S1> 🚨 Incident #3: LLM &lt;down&gt; &amp; out');
    expect(incidentListMessage([inc], 'en').text).toBe('#3 · open · LLM &lt;down&gt; &amp; out · lead @U1 · started 2026-01-05 09:00 · Immediate response');
  });
});
