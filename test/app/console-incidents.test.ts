/**
 * Without Slack, incidents are not stuck in the outbox (issue 11: they used to wait forever): the daemon's one
 * delivery loop gives them to the console notifier, which prints each timeline line on the console and in
 * logs/monitor.log, and marks them delivered.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { TempProject } from '../support/temp-project.js';
import { slackProject, startBot, tearDown, teach, type Bot } from '../slack/harness.js';
import { RUNBOOK } from '../incidents/harness.js';
import { until } from '../monitor/harness.js';

let project: TempProject | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  await tearDown(bot, project, undefined);
  bot = project = undefined;
});

describe('incidents without Slack', () => {
  it('go to the console and logs/monitor.log, and leave nothing waiting in the outbox', async () => {
    project = slackProject({ raw: { runbook: RUNBOOK } });
    bot = startBot(project, {});
    await bot.waitForOutput(/ready: watching the services/);
    const declared = await teach(project, 'incident', 'start', 'Payments', 'failing');
    expect(declared.code, declared.stderr).toBe(0);
    const line = await bot.waitForOutput(/\[incident #1\] .*declared the incident: Payments failing/);
    const file = join(project.logsDir, 'monitor.log');
    const wanted = line.replace(/^.*?\[incident/, '[incident');
    // The daemon prints the line, then appends it to monitor.log: wait for the file rather than race it.
    await until(() => existsSync(file) && readFileSync(file, 'utf8').includes(wanted), `${wanted} in ${file}`);
    const store = openStore(project.logsDir);
    try {
      expect(store.outbox.pending()).toEqual([]);
      expect(store.outbox.forSubject('incident:1').every((r) => r.status === 'done' && r.destination === 'console')).toBe(true);
    } finally {
      store.close();
    }
  });
});
