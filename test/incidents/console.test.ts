/**
 * Without Slack the runbook is not a dead end (issue 12): the bot's console and logs/monitor.log get every incident
 * event, reminders included ("phase respond is overdue, reminder sent" used to be the only trace, and it was read
 * by nobody). The bot in-process with a ManualClock, no Slack credentials.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeStep, declareIncident, incidentsOf } from '../../src/ops/incidents.js';
import { makeWorld, type World } from './harness.js';

const MIN = 60_000;
let world: World | undefined;
afterEach(async () => {
  await world?.cleanup();
  world = undefined;
});

describe('incidents without Slack', () => {
  test('the declaration, step changes and the overdue reminder (naming the lead and what is open) reach the console and monitor.log', async () => {
    world = await makeWorld({ slack: false, start: false, services: ['backend'] });
    const w = world;
    const alice = { source: 'cli' as const, id: 'alice' };
    const ictx = incidentsOf(w.bot.ops);
    await declareIncident(ictx, alice, { title: 'checkout slow' });
    await completeStep(ictx, alice, 1, 'contingency');
    await w.settle();
    w.clock.advance(5 * MIN);
    await w.settle();
    const lines = w.bot.logs.filter((l) => l.startsWith('[incident #1]'));
    expect(lines).toEqual([
      '[incident #1] alice (host) declared the incident: checkout slow',
      '[incident #1] alice (host) marked “Start the contingency plan” done',
      '[incident #1] alice (host) ⏰ “Immediate response” is overdue; still open: Confirm the scope of the failure, Notify the people concerned',
    ]);
    expect(w.bot.logs.some((l) => /reminder sent/.test(l))).toBe(false);
    const log = readFileSync(join(w.project.logsDir, 'monitor.log'), 'utf8');
    expect(log).toMatch(/ \[incident #1\] alice \(host\) ⏰ “Immediate response” is overdue/);
  });
});
