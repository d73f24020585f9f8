/**
 * Shutdown order (issue 9): SIGTERM stops taking new work first, waits for an automatic restart under way to
 * finish and record its result, flushes delivery, and only then closes the store. Before, the store closed under
 * the running restart: its result was lost and the alert stayed "firing" although the service was back.
 */
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { SlackStandin } from '../support/slack-standin/index.js';
import { CHANNEL, until } from '../monitor/harness.js';
import { project, startBot, type Bot, type Project } from '../monitor/bot.js';

let slack: SlackStandin | undefined;
let p: Project | undefined;
let bot: Bot | undefined;
const slowFile = join(tmpdir(), `teachops-slow-${process.pid}-${Date.now()}`);

afterEach(async () => {
  await bot?.kill('SIGKILL');
  p?.close();
  await slack?.stop();
  rmSync(slowFile, { force: true });
  bot = p = slack = undefined;
});

describe('teach run shutting down', () => {
  it('an automatic restart under way finishes and is recorded before the store closes, and its result reaches Slack', async () => {
    slack = await SlackStandin.start({ channels: { [CHANNEL]: 'alerts' } });
    p = await project(slack, [{ name: 'web', env: { SLOW_FILE: slowFile, SLOW_MS: '2500' }, restart: '{ policy: on-failure, backoff: 100ms, backoff_max: 1s }' }]);
    bot = await startBot(p);
    const first = p.pidOf('web')!;
    writeFileSync(slowFile, ''); // the restart will take 2.5 s to become healthy
    process.kill(first, 'SIGKILL');
    await bot.waitFor(/web \(pid \d+\) exited unexpectedly/);
    // The automatic restart has spawned the new process and waits for its health check.
    const second = await until(() => (p!.pidOf('web') !== first ? p!.pidOf('web') : undefined), 'the restart to spawn web', 10_000);
    await bot.kill('SIGTERM');
    const out = bot.output();
    expect(bot.child.exitCode, out).toBe(0);
    expect(out.indexOf('waiting for 1 running operation')).toBeGreaterThan(out.indexOf('received SIGTERM'));

    const store = openStore(join(p.root, 'logs'));
    try {
      const alert = store.alerts.recent(5).find((a) => a.key === 'service_down:web')!;
      expect(alert.state).toBe('resolved');
      expect(alert.resolution).toBe('restarted');
      expect(alert.resolution_note).toBe(`pid ${second}`);
      const restart = store.audit.recent(20).find((a) => a.action === 'restart' && a.actor === 'teachops');
      expect(restart?.outcome).toBe('ok');
      expect(store.outbox.pendingCount()).toBe(0);
    } finally {
      store.close();
    }
    const [message] = slack.messages(CHANNEL);
    expect(slack.thread(CHANNEL, message!.ts).some((m) => new RegExp(`^Restart 1 of 5: web healthy again in .* \\(pid ${second}\\)$`).test(m.text ?? ''))).toBe(true);
    expect(JSON.stringify(message!.blocks)).toContain('Resolved');
  });
});
