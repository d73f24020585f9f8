/**
 * What people see around an alert's buttons, through the real Bolt app against the Slack stand-in: Start runbook
 * links the incident in the alert's thread; Unsilence lifts a silence (through its source's hook, audited); the bot
 * names itself as Slack knows it (auth.test) when it asks to be invited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, CHANNEL, OPERATOR, type World } from '../incidents/harness.js';
import { alertBook } from '../../src/ops/alerts.js';
import type { StoredMessage } from '../support/slack-standin/index.js';
import { SlackStandin } from '../support/slack-standin/index.js';
import { slackEnv, slackProject, startBot, tearDown, type Bot } from './harness.js';
import type { TempProject } from '../support/temp-project.js';

let world: World | undefined;
afterEach(async () => {
  await world?.cleanup();
  world = undefined;
});

const seen = (m: { text?: string; blocks?: unknown[] } | undefined): string => JSON.stringify(m?.blocks ?? []) + (m?.text ?? '');
const buttons = (m: StoredMessage | undefined): string[] =>
  ((m?.blocks ?? []) as { type: string; elements?: { type: string; text?: { text: string } }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.text?.text ?? e.type));

/** An llm alert raised by the monitor's book and delivered by the bot, as a crash would. */
async function alertMessage(w: World): Promise<{ id: number; msg: StoredMessage }> {
  const { alert } = alertBook(w.bot.ops).raise({ kind: 'service_down', subject: 'llm', value: null, threshold: null, detail: 'killed by SIGKILL' });
  await w.settle();
  const msg = w.standin.store.find(CHANNEL, w.store().alerts.get(alert.id)!.slack_ts!)!;
  return { id: alert.id, msg };
}

describe('alert buttons', () => {
  it('Start runbook: the alert thread links the incident declared from it', async () => {
    world = await makeWorld({ services: ['llm'] });
    const w = world;
    const { msg } = await alertMessage(w);
    await w.standin.click(CHANNEL, msg.ts, 'alert_runbook', { user: OPERATOR });
    const inc = await w.incidentMessage();
    await w.settle();
    const line = await w.standin.waitFor(() => w.thread(msg.ts).find((r) => /Incident #1 declared by/.test(r.text ?? '')), { what: 'the incident line' });
    const incident = w.store().incidents.list()[0]!;
    const link = `https://teachops-test.slack.com/archives/${CHANNEL}/p${inc.ts.replace('.', '')}`;
    expect(line.text).toBe(`Incident #1 declared by <@${OPERATOR}>: <${link}|${incident.title}>`);
    expect(seen(line)).toContain(`<${link}|`);
  });

  it('Unsilence: lifts the silence, edits the alert back, and says so in the thread', async () => {
    // A source that refuses (Alertmanager down) is tested against the real Alertmanager (test/alertmanager).
    world = await makeWorld({ services: ['llm'] });
    const w = world;
    const { id, msg } = await alertMessage(w);
    await w.standin.click(CHANNEL, msg.ts, 'alert_silence', { user: OPERATOR, option: 'Until resolved' });
    const current = () => w.standin.store.find(CHANNEL, msg.ts)!;
    await w.standin.waitFor(() => buttons(current()).includes('Unsilence'), { what: 'the Unsilence button' });
    expect(seen(current())).toContain(`Silenced by <@${OPERATOR}>: llm is down`);

    await w.standin.click(CHANNEL, msg.ts, 'alert_unsilence', { user: OPERATOR });
    await w.standin.waitFor(() => !buttons(current()).includes('Unsilence'), { what: 'the silence lifted' });
    await w.settle();
    expect(buttons(current())).toContain('static_select');
    expect(w.store().alerts.get(id)).toMatchObject({ silence: null, silenced_by: null });
    expect(w.thread(msg.ts).map((r) => r.text)).toContain(`Silence lifted by <@${OPERATOR}>: notifications resume`);
    const audit = w.store().audit.recent(20).filter((a) => a.action === 'alert.unsilence').map((a) => a.outcome);
    expect(audit).toEqual(['ok']);
    // Silenced again from the same message: the select is back.
    await w.standin.click(CHANNEL, msg.ts, 'alert_silence', { user: OPERATOR, option: '1 hour' });
    await w.standin.waitFor(() => buttons(current()).includes('Unsilence'), { what: 'silenced again' });
  });
});

describe('the bot names itself as Slack knows it', () => {
  let standin: SlackStandin | undefined;
  let project: TempProject | undefined;
  let bot: Bot | undefined;
  afterEach(async () => {
    await tearDown(bot, project, standin);
    bot = project = standin = undefined;
  });

  it('asks to be invited as @<its auth.test name>, at start-up and when a reply cannot be posted', async () => {
    standin = await SlackStandin.start({ botName: 'opsbot', channels: { COPS: 'ops', CNOBOT: 'elsewhere' }, notMember: ['CNOBOT'] });
    project = slackProject({ raw: { alerts: { channel: 'CNOBOT' } } });
    bot = startBot(project, slackEnv(standin));
    const line = await bot.waitForOutput(/alerts\.channel CNOBOT: the bot is not a member.*/);
    expect(line).toContain('/invite @opsbot');
    await standin.slash('status', { user: 'UVISITOR1', channel: 'CNOBOT' });
    const told = await standin.waitForEphemeral('UVISITOR1', (e) => seen(e).includes('/invite @'));
    expect(told.text).toContain('opsbot is not a member of <#CNOBOT>');
    expect(seen(told)).toContain('/invite @opsbot');
    expect(seen(told)).not.toContain('@teachops');
  }, 30_000);
});
