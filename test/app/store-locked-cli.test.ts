/**
 * The terminal while another connection holds the state database's write lock (issue 9): `teach status` still
 * answers, at once, and says which process holds the database; a command that must record what it does
 * (`teach restart`) refuses before it touches the service, naming the holder and the way out, instead of
 * SQLite's bare "database is locked".
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { project, type Project } from '../monitor/bot.js';
import { SlackStandin } from '../support/slack-standin/index.js';
import { lockDb } from '../support/lock-db.js';

let slack: SlackStandin | undefined;
let p: Project | undefined;
let locker: Awaited<ReturnType<typeof lockDb>> | undefined;
afterEach(async () => {
  locker?.child.kill('SIGKILL');
  await locker?.released;
  p?.close();
  await slack?.stop();
  slack = p = locker = undefined;
});

describe('the CLI with the state database locked by another connection', () => {
  it('status answers and names the holder; restart refuses and leaves the service running', async () => {
    slack = await SlackStandin.start();
    p = await project(slack, [{ name: 'web' }]);
    expect(p.teach('start', 'web').code).toBe(0);
    const pid = p.pidOf('web')!;
    // Held far longer than the commands below can take: the assertions never race the release.
    locker = await lockDb(join(p.root, 'logs', 'teachops.db'), 120_000);
    const holder = locker.child.pid!;

    const status = p.teach('status');
    expect(status.code, status.out).toBe(0);
    expect(status.out).toMatch(/web\s+running/);
    expect(status.out).toContain(`is not writable: locked by pid ${holder}`);

    const restart = p.teach('restart', 'web');
    expect(restart.code, restart.out).toBe(1);
    expect(restart.out).toContain(`locked by pid ${holder}`);
    expect(restart.out).toMatch(/fix: End the transaction of pid \d+/);
    expect(restart.out).not.toMatch(/unexpected error/);
    expect(p.pidOf('web')).toBe(pid);
    expect(() => process.kill(pid, 0)).not.toThrow();
  });
});
