/**
 * The whole bot as a child process (`node dist/cli/teach.js run`; run `npm run build` first): an incident declared on
 * the host is posted by the bot, and a bot killed with SIGKILL and started again keeps the message and the state
 * and goes on editing the same message.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { SlackStandin } from '../support/slack-standin/index.js';
import type { TempProject } from '../support/temp-project.js';
import { CHANNEL, OPERATOR, slackEnv, slackProject, startBot, teach, type Bot } from '../slack/harness.js';
import { RUNBOOK, stepLine } from './harness.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

async function setup(): Promise<{ project: TempProject; standin: SlackStandin; start(): Promise<Bot> }> {
  const standin = await SlackStandin.start({ channels: { [CHANNEL]: 'ops' } });
  const project = slackProject({ raw: { alerts: { channel: CHANNEL }, runbook: RUNBOOK } });
  cleanup.push(() => project.cleanup(), () => standin.stop());
  return {
    project,
    standin,
    async start() {
      const bot = startBot(project, slackEnv(standin));
      cleanup.push(() => bot.stop().then(() => undefined));
      await bot.waitForOutput(/ready: watching the services/);
      return bot;
    },
  };
}

describe('the bot and incidents', () => {
  test('declared on the host, posted by the bot; killed and restarted, it keeps editing the same message', async () => {
    const { project, standin, start } = await setup();
    const bot = await start();
    const declared = await teach(project, 'incident', 'start', 'Payments', 'failing');
    expect(declared.stdout).toContain('Incident #1 declared: Payments failing');
    const m = await standin.waitForMessage(CHANNEL, (x) => !x.thread_ts && /Incident #1: Payments failing/.test(x.text ?? ''), { timeoutMs: 10_000 });
    await standin.click(CHANNEL, m.ts, (el, b) => el.action_id === 'incident_done' && b.block_id === 'do:contingency', { user: OPERATOR });
    await standin.waitFor(() => /done by/.test(stepLine(standin.store.find(CHANNEL, m.ts)!, 'contingency')), { what: 'contingency done' });

    bot.child.kill('SIGKILL');
    await bot.exited;
    await start();
    await standin.waitForSocket({ minOpened: 2 });
    await standin.click(CHANNEL, m.ts, (el, b) => el.action_id === 'incident_run' && b.block_id === 'do:notify', { user: OPERATOR });
    await standin.waitFor(() => /done by/.test(stepLine(standin.store.find(CHANNEL, m.ts)!, 'notify')), { timeoutMs: 10_000, what: 'notify done' });
    const msg = standin.store.find(CHANNEL, m.ts)!;
    expect(stepLine(msg, 'contingency')).toContain('done by'); // the state survived the kill
    const incidentPosts = standin.messages(CHANNEL).filter((x) => !x.thread_ts && /Incident #1: Payments failing \(lead/.test(x.text ?? ''));
    expect(incidentPosts.map((x) => x.ts)).toEqual([m.ts]); // edited in place, never posted twice
    const show = await teach(project, 'incident', 'show', '1');
    expect(show.stdout).toMatch(/\[x\] notify: Notify the people concerned — done by @UOPERATOR1/);
  }, 60_000);
});
