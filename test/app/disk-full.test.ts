/**
 * `teach run` with the logs filesystem full (issue 9): the logs folder (service logs, pid files, monitor.log and the
 * state database) on a small tmpfs that a filler process keeps full, like a service flooding its log. A killed
 * service is still restarted by its policy and its alert still reaches Slack (Slack needs no disk), the `logs_disk`
 * and `state_store` alerts say what is wrong, and `teach status` still answers. Once space is freed, the store
 * catches up: the alert rows exist, the outbox is drained, the pid file is written, and nothing is posted twice.
 * Needs root to mount the tmpfs; skipped (and said so) otherwise.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL } from '../monitor/harness.js';
import { project, startBot, type Bot, type Project } from '../monitor/bot.js';
import { SlackStandin, type StoredMessage } from '../support/slack-standin/index.js';
import { mountTmpfs, tmpfsUnavailable, type Tmpfs } from '../support/tmpfs.js';
import { until } from '../support/wait.js';

const FILL = fileURLToPath(new URL('../fixtures/fill-disk.mjs', import.meta.url));

let slack: SlackStandin | undefined;
let p: Project | undefined;
let bot: Bot | undefined;
let fs: Tmpfs | undefined;
let filler: ChildProcess | undefined;
afterEach(async () => {
  filler?.kill('SIGKILL');
  await bot?.kill('SIGTERM');
  // The services are stopped while their pid files are still readable, then the tmpfs goes.
  if (p) p.teach('stop', 'all');
  fs?.unmount();
  p?.close();
  await slack?.stop();
  slack = p = bot = fs = filler = undefined;
});

const seen = (m: StoredMessage): string => JSON.stringify(m.blocks ?? []) + (m.text ?? '');
const topLevel = (re: RegExp) => slack!.messages(CHANNEL).filter((m) => re.test(seen(m)));
const threadTexts = (ts: string) => slack!.thread(CHANNEL, ts).map((r) => r.text ?? '');

function fill(file: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [FILL, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => (d.toString().includes('full') ? resolve(child) : undefined));
    child.once('exit', (code) => reject(new Error(`the filler exited (${code}) before the disk was full`)));
  });
}

/** The state database as any reader sees it once the daemon wrote it back. */
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

if (tmpfsUnavailable) console.warn(`SKIPPED: the full-disk tests need a tmpfs they can fill: ${tmpfsUnavailable}`);

describe.skipIf(tmpfsUnavailable !== undefined)('teach run with the logs filesystem full', () => {
  it('restarts a killed service and alerts in Slack from memory; the store catches up once space is freed', async () => {
    slack = await SlackStandin.start();
    p = await project(slack, [{ name: 'web' }]);
    fs = mountTmpfs(join(p.root, 'logs'));
    bot = await startBot(p);
    const before = p.pidOf('web')!;
    const fillFile = join(p.root, 'logs', 'filler.bin');
    filler = await fill(fillFile);

    process.kill(before, 'SIGKILL');
    const down = await slack.waitForMessage(CHANNEL, (m) => m.thread_ts === undefined && /web (is|was) down/.test(seen(m)), { timeoutMs: 20_000 });
    const restarted = await slack.waitFor(() => threadTexts(down.ts).map((t) => /Restart \d+ of \d+: web healthy again in .* \(pid (\d+)\)/.exec(t)).find(Boolean), { what: 'the restart line', timeoutMs: 20_000 });
    const after = Number(restarted![1]);
    expect(after).not.toBe(before);
    expect(() => process.kill(after, 0)).not.toThrow();
    await slack.waitForMessage(CHANNEL, (m) => m.thread_ts === undefined && /logs folder .* (is|was) full/.test(seen(m)), { timeoutMs: 20_000, what: 'the logs_disk alert' });
    await slack.waitForMessage(CHANNEL, (m) => m.thread_ts === undefined && /(cannot|could not) write its state database/.test(seen(m)), { timeoutMs: 20_000, what: 'the state_store alert' });

    const status = p.teach('status');
    expect(status.out).toMatch(/web/);
    expect(status.out).toMatch(/state database .* is not writable/);
    expect(status.code === 0 || status.code === 3, status.out).toBe(true);

    filler.kill('SIGTERM');
    await new Promise((r) => filler!.once('exit', r));
    rmSync(fillFile);

    await until(() => {
      const s = storeRows(p!.root);
      return s.open === 0 && s.alerts.some((a) => a.key === 'service_down:web' && a.state === 'resolved') && s.alerts.some((a) => a.key === 'logs_disk' && a.state === 'resolved');
    }, 'the store to catch up', 30_000);
    await until(() => p!.pidOf('web') === after, 'the pid file of the restarted web');
    await slack.waitFor(() => topLevel(/(cannot|could not) write its state database/).some((m) => /Resolved/i.test(seen(m))), { what: 'state_store resolved', timeoutMs: 20_000 });

    expect(topLevel(/web (is|was) down/)).toHaveLength(1);
    expect(threadTexts(down.ts).filter((t) => /web healthy again/.test(t))).toHaveLength(1);
    expect(topLevel(/logs folder .* (is|was) full/)).toHaveLength(1);
    expect(bot.child.exitCode).toBeNull();
  });
});
