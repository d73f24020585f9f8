/**
 * `teach run` while another connection holds the state database locked (issue 9): a real second process in
 * BEGIN EXCLUSIVE for 10 s. The daemon stays alive and responsive (better-sqlite3 is synchronous, so a long busy
 * timeout would freeze it), restarts a killed service under its policy and delivers its alert to Slack while the
 * lock is still held, answers /teach status, raises `state_store` naming the lock, and writes everything back once the lock is gone:
 * nothing lost, nothing posted twice.
 */
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, OPERATOR } from '../monitor/harness.js';
import { project, startBot, type Bot, type Project } from '../monitor/bot.js';
import { SlackStandin, type StoredMessage } from '../support/slack-standin/index.js';
import { lockDb } from '../support/lock-db.js';
import { until } from '../support/wait.js';

let slack: SlackStandin | undefined;
let p: Project | undefined;
let bot: Bot | undefined;
let locker: ChildProcess | undefined;
afterEach(async () => {
  locker?.kill('SIGKILL');
  await bot?.kill('SIGTERM');
  p?.close();
  await slack?.stop();
  slack = p = bot = locker = undefined;
});

const seen = (m: StoredMessage): string => JSON.stringify(m.blocks ?? []) + (m.text ?? '');
const topLevel = (re: RegExp) => slack!.messages(CHANNEL).filter((m) => re.test(seen(m)));
const threadTexts = (ts: string) => slack!.thread(CHANNEL, ts).map((r) => r.text ?? '');

function storeRows(root: string): { alerts: { key: string; state: string }[]; open: number } {
  const db = new Database(join(root, 'logs', 'teachops.db'), { readonly: true, fileMustExist: true });
  try {
    const alerts = db.prepare('SELECT key, state FROM alerts ORDER BY id').all() as { key: string; state: string }[];
    const open = (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status NOT IN ('done', 'failed')").get() as { n: number }).n;
    return { alerts, open };
  } finally {
    db.close();
  }
}

describe('teach run with the state database locked by another connection', () => {
  it('restarts and alerts during the lock, raises state_store, and writes everything back after it', async () => {
    slack = await SlackStandin.start();
    p = await project(slack, [{ name: 'web' }]);
    bot = await startBot(p);
    const before = p.pidOf('web')!;
    // Held until the test lets go (SIGTERM), and for at least 10 s: what the daemon does during the lock is asserted
    // while it is certainly still held, however slow the host.
    const lock = await lockDb(join(p.root, 'logs', 'teachops.db'), 600_000);
    locker = lock.child;
    const lockedAt = Date.now();

    process.kill(before, 'SIGKILL');
    const down = await slack.waitForMessage(CHANNEL, (m) => m.thread_ts === undefined && /web (is|was) down/.test(seen(m)), { timeoutMs: 20_000 });
    const restarted = await slack.waitFor(() => threadTexts(down.ts).map((t) => /Restart \d+ of \d+: web healthy again in .* \(pid (\d+)\)/.exec(t)).find(Boolean), { what: 'the restart line', timeoutMs: 20_000 });
    const after = Number(restarted![1]);
    expect(after).not.toBe(before);
    expect(() => process.kill(after, 0)).not.toThrow();
    const store = await slack.waitForMessage(CHANNEL, (m) => m.thread_ts === undefined && /(cannot|could not) write its state database/.test(seen(m)), { what: 'the state_store alert', timeoutMs: 20_000 });
    expect(seen(store)).toContain(`locked by pid ${lock.child.pid}`);
    // The daemon still answers people: /teach status is acknowledged within Slack's deadline and says what is wrong.
    const sent = await slack.slash('status', { user: OPERATOR, channel: CHANNEL });
    expect(sent.ack.ms).toBeLessThan(3000);
    await slack.waitForMessage(CHANNEL, (m) => /state database .* is not writable: locked by pid/.test(seen(m)), { what: 'the status answer', timeoutMs: 20_000 });
    expect(bot.child.exitCode).toBeNull();

    await until(() => Date.now() - lockedAt >= 10_000, 'the lock to have been held for 10 s', 30_000);
    lock.child.kill('SIGTERM');
    await lock.released;
    await until(() => {
      const s = storeRows(p!.root);
      return s.open === 0 && s.alerts.some((a) => a.key === 'service_down:web' && a.state === 'resolved') && s.alerts.some((a) => a.key === 'state_store' && a.state === 'resolved');
    }, 'the store to catch up', 30_000);
    await until(() => p!.pidOf('web') === after, 'the pid file of the restarted web');
    await slack.waitFor(() => topLevel(/(cannot|could not) write its state database/).some((m) => /Resolved/i.test(seen(m))), { what: 'state_store resolved', timeoutMs: 20_000 });
    expect(topLevel(/web (is|was) down/)).toHaveLength(1);
    expect(threadTexts(down.ts).filter((t) => /web healthy again/.test(t))).toHaveLength(1);
    expect(topLevel(/(cannot|could not) write its state database/)).toHaveLength(1);
    expect(bot.child.exitCode).toBeNull();
  });
});
