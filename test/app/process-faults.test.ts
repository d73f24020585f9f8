/**
 * One error in background work never kills the daemon (issue 9). Through the production wiring: a background job
 * that throws on every tick is logged and counted while the monitor keeps alerting. As a user runs it (`teach run`
 * as a child process, a bug injected with `node --import`): an unhandled rejection is logged loudly and supervision
 * goes on (Node's default used to end the process); an uncaught exception shuts the daemon down in order and exits
 * 70, leaving the services running for the next `teach run` to adopt.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, until, type Harness } from '../monitor/harness.js';
import { project, startBot, type Bot, type Project } from '../monitor/bot.js';
import { SlackStandin } from '../support/slack-standin/index.js';

const FAULTS = fileURLToPath(new URL('../fixtures/process-faults.mjs', import.meta.url));

let h: Harness | undefined;
let slack: SlackStandin | undefined;
let p: Project | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  await h?.close();
  await bot?.kill('SIGKILL');
  p?.close();
  await slack?.stop();
  h = bot = p = slack = undefined;
});

describe('errors in background work', () => {
  it('a job that throws on every tick is logged and counted; the daemon keeps monitoring', async () => {
    h = await harness();
    const background = h.app.ctx.background;
    let runs = 0;
    background.every('flaky job', 1000, () => {
      runs += 1;
      throw new Error(`boom ${runs}`);
    });
    h.monitor.start();
    await h.settle();
    h.metrics.cpu = 99;
    await h.intervals(3);
    await until(() => runs >= 3, 'the flaky job to run three times');
    expect(background.errors().get('flaky job')).toBeGreaterThanOrEqual(3);
    expect(h.lines.filter((l) => /^flaky job: boom \d+$/.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(h.store.alerts.activeByKey('cpu')).toBeDefined();
  });

  async function botWithFault(fault: 'reject' | 'throw'): Promise<Bot> {
    slack = await SlackStandin.start();
    p = await project(slack, [{ name: 'web' }]);
    p.env.NODE_OPTIONS = `--import ${FAULTS}`;
    p.env.TEACHOPS_TEST_FAULT = fault;
    return startBot(p);
  }

  it('an unhandled rejection is logged loudly and the daemon keeps supervising', async () => {
    bot = await botWithFault('reject');
    bot.child.kill('SIGUSR2');
    await bot.waitFor(/BUG: unhandled promise rejection .*: injected rejection/);
    // still supervising: a crash is seen and the service restarted
    const before = p!.pidOf('web')!;
    process.kill(before, 'SIGKILL');
    await until(() => p!.pidOf('web') !== undefined && p!.pidOf('web') !== before, 'web restarted', 15_000);
    expect(bot.child.exitCode).toBeNull();
    await bot.kill('SIGTERM');
    expect(bot.child.exitCode).toBe(0);
  });

  it('an uncaught exception shuts down in order, exits 70, and leaves the services running', async () => {
    bot = await botWithFault('throw');
    const pid = p!.pidOf('web')!;
    bot.child.kill('SIGUSR2');
    await new Promise<void>((r) => bot!.child.once('exit', () => r()));
    const out = bot.output();
    expect(out).toMatch(/BUG: uncaught exception, shutting down .*: injected throw/);
    expect(out).toContain('teachops stopped. The services keep running');
    expect(bot.child.exitCode).toBe(70);
    expect(() => process.kill(pid, 0)).not.toThrow();
  });
});
