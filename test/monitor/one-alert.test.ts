/**
 * One alert per fault, with the cause in it (in-process daemon, stand-in Slack): a service whose key went missing
 * from its env file crashes, every automatic restart is refused by the preflight, and the policy gives up. The
 * channel sees ONE message that escalates ("keeps crashing") and names the cause; the thread has one restarts line
 * edited at each attempt and one line, broadcast with mentions, when the policy gives up.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, harness, until, type Harness } from './harness.js';
import { SlackStandin, type StoredMessage } from '../support/slack-standin/index.js';

let slack: SlackStandin;
let h: Harness | undefined;
beforeEach(async () => {
  slack = await SlackStandin.start();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await slack.stop();
});

const top = (): StoredMessage[] => slack.messages(CHANNEL);
const seen = (m: { text?: string; blocks?: unknown[] } | undefined): string => JSON.stringify(m?.blocks ?? []) + (m?.text ?? '');
const restartLines = (ts: string) => slack.thread(CHANNEL, ts).filter((m) => /^(Automatic restart|Restart) \d+ of/.test(m.text ?? ''));

/** Moves the manual clock past each backoff step until the restart policy has given up (or `max` steps). */
async function untilGivenUp(x: Harness, max = 40): Promise<void> {
  for (let i = 0; i < max && !x.store.stats.get('web').fatal; i++) {
    x.clock.advance(2000);
    await x.settle();
  }
  expect(x.store.stats.get('web').fatal).toBe(true);
}

describe('one alert per fault', () => {
  it('a key missing from the env file: crash, every restart refused, gave up: one message, escalated, naming the cause', async () => {
    h = await harness({
      slack,
      snapshot: true,
      serviceExtra: [
        '    env_file: ../web.env',
        '    required_env: [DASHSCOPE_API_KEY]',
        '    restart: { policy: on-failure, max_restarts: 3, window: 10m, backoff: 1s, backoff_max: 2s }',
      ].join('\n'),
    });
    const envFile = join(h.root, 'web.env');
    writeFileSync(envFile, 'DASHSCOPE_API_KEY=sk-test-not-real-0000000000\n');
    const [started] = await h.supervisor.start('web', { by: 'cli:test' });
    expect(started?.ok).toBe(true);
    h.monitor.start();
    await h.settle();
    writeFileSync(envFile, '# the key was removed by mistake\n');
    process.kill(started!.pid!, 'SIGKILL');
    await until(() => h!.store.alerts.activeByKey('service_down:web'), 'the alert');
    await h.settle();
    await untilGivenUp(h);

    // One message for the fault: no second "keeps crashing" alert.
    expect(top()).toHaveLength(1);
    expect(h.store.alerts.recent(10)).toHaveLength(1);
    expect(h.store.alerts.activeByKey('crash_loop:web')).toBeUndefined();
    const msg = top()[0]!;
    expect(seen(msg)).toContain(':boom: *web keeps crashing: automatic restarts stopped*');
    expect(seen(msg)).toContain('3 restarts within 10m 0s (at most 3)');
    // The cause, in the message: the preflight's refusal names the variable and the file.
    expect(seen(msg)).toMatch(/start failed: web needs DASHSCOPE_API_KEY: add it to [^"]*web\.env/);
    expect(seen(msg)).not.toContain('sk-test-not-real');

    // The thread: the snapshot, ONE restarts line (edited at every step), ONE broadcast line when the policy gave up.
    const thread = slack.thread(CHANNEL, msg.ts);
    expect(thread.map((m) => m.text)).toHaveLength(3);
    const [line] = restartLines(msg.ts);
    expect(restartLines(msg.ts)).toHaveLength(1);
    expect(line!.text).toMatch(/^Restart 3 of 3 failed: web needs DASHSCOPE_API_KEY/);
    expect(line!.edits.map((v) => v.text)).toEqual([
      'Automatic restart 1 of 3 in 1.0 s',
      expect.stringMatching(/^Restart 1 of 3 failed: web needs DASHSCOPE_API_KEY.*; next in 2.0 s$/),
      expect.stringMatching(/^Restart 2 of 3 failed: web needs DASHSCOPE_API_KEY.*; next in 2.0 s$/),
    ]);
    const gaveUp = thread.find((m) => m.broadcast === true)!;
    expect(gaveUp.text).toMatch(/^<!subteam\^S0ONCALL> Gave up on web: 3 restarts within 10m 0s\./);
    expect(slack.channelView(CHANNEL).map((m) => m.ts)).toEqual([msg.ts, gaveUp.ts]);
  }, 60_000);

  it('10 failed restart attempts are one thread line, edited in place ("restart 3 of 10 failed: ...; next in 2 s")', async () => {
    h = await harness({ slack, serviceExtra: '    restart: { policy: on-failure, max_restarts: 10, window: 10m, backoff: 1s, backoff_max: 2s }' });
    const [started] = await h.supervisor.start('web', { by: 'cli:test' });
    h.monitor.start();
    await h.settle();
    writeFileSync(h.crashFile, 'x'); // every start from now on exits at once with code 3
    process.kill(started!.pid!, 'SIGKILL');
    await until(() => h!.store.alerts.activeByKey('service_down:web'), 'the alert');
    await h.settle();
    await untilGivenUp(h, 60);
    expect(h.store.stats.get('web').restarts).toBe(10);

    const msg = top()[0]!;
    expect(top()).toHaveLength(1);
    const lines = restartLines(msg.ts);
    expect(lines).toHaveLength(1);
    const versions = [...lines[0]!.edits.map((v) => v.text ?? ''), lines[0]!.text ?? ''];
    expect(versions[0]).toBe('Automatic restart 1 of 10 in 1.0 s');
    expect(versions).toContainEqual(expect.stringMatching(/^Restart 3 of 10 failed: web exited during start \(exit code 3\) after .+; next in 2\.0 s$/));
    expect(versions.at(-1)).toMatch(/^Restart 10 of 10 failed: web exited during start \(exit code 3\)/);
    // Every step is still in the alert's history.
    expect(h.store.alerts.events(h.store.alerts.recent(1)[0]!.id).filter((e) => e.type.startsWith('restarts_'))).toHaveLength(11);
    // The cause names the last exit's log line (read from the service's log, redacted).
    expect(seen(top()[0])).toContain('last error in web.log: ERROR: cannot start: simulated failure');
    expect(slack.thread(CHANNEL, msg.ts).length).toBeLessThanOrEqual(3);
  }, 60_000);
});
