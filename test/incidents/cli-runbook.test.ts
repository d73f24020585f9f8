/**
 * The runbook from the terminal (issue 12): `teach run` as a child process, `teach incident ...` as the operator
 * types it. Without Slack every event is on the daemon's console and in logs/monitor.log, and `start` says so; with
 * Slack, what the terminal does shows in the Slack message and what Slack does shows in the terminal; with a
 * refused token, `start` says where the updates are meanwhile. Runs the built CLI: `npm run build` first.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SlackStandin } from '../support/slack-standin/index.js';
import type { TempProject } from '../support/temp-project.js';
import { until } from '../monitor/harness.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CHANNEL, childEnv, CLI, demoServices, OPERATOR, slackEnv, slackProject, startBot, tearDown, type Bot } from '../slack/harness.js';
import { blockText, RUNBOOK, stepLine } from './harness.js';

const execFileAsync = promisify(execFile);
let project: TempProject | undefined;
let bot: Bot | undefined;
let standin: SlackStandin | undefined;
afterEach(async () => {
  await tearDown(bot, project, standin);
  bot = project = standin = undefined;
});

/** `teach incident ...` as the host user "tester" (whoever runs the tests). */
async function teachAs(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await execFileAsync(process.execPath, [CLI, 'incident', ...args, '--config', join(project!.dir, 'services.yaml')], { cwd: project!.dir, env: childEnv({ USER: 'tester', SUDO_USER: '' }) });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; code?: number };
    return { stdout: x.stdout ?? '', stderr: x.stderr ?? '', code: typeof x.code === 'number' ? x.code : 1 };
  }
}

/** Demo services whose health checks may take their time: the suite runs on a busy machine, and a probe timing out
 * would make the scope and verify steps report what the load did, not what the runbook does. */
async function patientServices(names: ('backend' | 'llm')[]) {
  const services = await demoServices(names);
  for (const s of Object.values(services)) s.health = { ...(s.health as object), timeout: '10s' } as typeof s.health;
  return services;
}

const ok = async (...args: string[]) => {
  const r = await teachAs(...args);
  expect(r.stderr, `teach incident ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim();
};

describe('the runbook from the terminal', () => {
  test('without Slack: every step from the CLI, every event on the console of teach run and in logs/monitor.log', async () => {
    project = slackProject({ services: await patientServices(['backend']), raw: { runbook: RUNBOOK } });
    bot = startBot(project, {});
    await bot.waitForOutput(/ready: watching the services/);
    const b = bot;
    const seen = (re: RegExp) => b.waitForOutput(re);

    const start = await ok('start', 'backend', 'answers', '500');
    expect(start).toContain('Slack is not configured: teach run shows it and every change on its console and in logs/monitor.log.');
    expect(start).not.toContain('posts it to Slack');
    await seen(/\[incident #1\] tester \(host\) declared the incident: backend answers 500/);

    expect(await ok('step', '1', 'contingency', 'done')).toMatch(/^\[x\] contingency: Start the contingency plan — done by tester \(host\) \d{4}-/);
    await seen(/\[incident #1\] tester \(host\) marked “Start the contingency plan” done/);
    expect(await ok('step', '1', 'scope', 'run')).toMatch(/^\[x\] scope: Confirm the scope of the failure — done by tester \(host\) .*: 1 of 1 service\(s\) running; down: none$/);
    await seen(/\[incident #1\] status: backend running/);
    expect(await ok('step', '1', 'notify', 'run')).toContain('summary to the console of teach run and logs/monitor.log (Slack is not connected), mentioning @here');
    await seen(/\[incident #1\] 📣 summary @here: backend answers 500 \(lead tester \(host\)\)/);

    // restart-failed without a linked alert asks which service; --service answers it
    const ask = await teachAs('step', '1', 'restart', 'run');
    expect(ask.code).toBe(1);
    expect(ask.stdout).toContain('“Restart the failed service” needs a service: run it again with --service backend');
    expect(await ok('step', '1', 'restart', 'run', '--service', 'backend')).toMatch(/^\[x\] restart: Restart the failed service — done by tester \(host\) .*: backend restarted \(pid \d+\)$/);
    const verify = await ok('step', '1', 'verify', 'run');
    expect(verify).toContain('[-] fallback: Switch to the fallback — not needed: “Verify that service is restored” passed');
    expect(verify).toMatch(/\[x\] verify: Verify that service is restored — done by tester \(host\) .*every health check passed 3 times in a row \(backend\)/);
    await seen(/\[incident #1\] “Switch to the fallback” is not needed: “Verify that service is restored” passed/);

    // skip without a reason is refused, saying how
    const noReason = await teachAs('step', '1', 'prevent', 'skip');
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('Say why the step is skipped');
    expect(noReason.stderr).toContain('--reason');
    expect(await ok('step', '1', 'prevent', 'skip', '--reason', 'covered by the vendor fix')).toMatch(/^\[-\] prevent: Prevention measures — skipped by tester \(host\) .*: covered by the vendor fix$/);
    await seen(/\[incident #1\] tester \(host\) skipped “Prevention measures”: covered by the vendor fix/);
    expect(await ok('note', '1', 'cause', 'pool', 'exhausted')).toMatch(/^\[x\] cause: Analyse the cause — done by tester \(host\)/);
    expect(await ok('note', '1', 'restart', 'took', '2s')).toBe('Note added to “Restart the failed service” of incident #1.');
    await seen(/\[incident #1\] tester \(host\) noted on “Restart the failed service”: took 2s/);
    expect(await ok('lead', '1')).toBe('You already lead incident #1.');
    expect(await ok('rename', '1', 'backend', '500s', 'after', 'the', 'deploy')).toBe('Incident #1 is now titled: backend 500s after the deploy');

    const show = await ok('show', '1');
    expect(show).toContain('Incident #1: backend 500s after the deploy (open)');
    expect(show).toMatch(/^Immediate response \(complete \d{4}-.* UTC\)$/m);
    expect(show).toMatch(/^Quick recovery \(complete/m);
    expect(show).toContain('  [-] prevent: Prevention measures — skipped by tester (host)');
    expect(show).toContain('  [ ] docs: Update the ops docs — open');
    expect(show).toMatch(/Notified: @here in the console of teach run and logs\/monitor.log \(no Slack\)/);

    const resolved = await ok('resolve', '1');
    expect(resolved).toBe(`Postmortem: ${join(project.logsDir, 'incidents', '1.md')}`);
    await seen(/\[incident #1\] tester \(host\) resolved the incident/);
    const md = readFileSync(join(project.logsDir, 'incidents', '1.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('# Incident #1: backend 500s after the deploy');
    expect(md).toContain('### Quick recovery: met, complete at');

    // everything the console showed is in logs/monitor.log too
    const log = join(project.logsDir, 'monitor.log');
    await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('resolved the incident'), 'the resolution in monitor.log');
    const text = readFileSync(log, 'utf8');
    for (const s of ['declared the incident: backend answers 500', 'marked “Start the contingency plan” done', '📣 summary @here', 'is not needed', 'skipped “Prevention measures”']) expect(text).toContain(s);
  }, 120_000);

  test('with Slack: what the terminal does shows in the Slack message, and what Slack does shows in the terminal', async () => {
    standin = await SlackStandin.start({ channels: { [CHANNEL]: 'ops' } });
    project = slackProject({ services: await patientServices(['backend']), raw: { alerts: { channel: CHANNEL }, runbook: RUNBOOK } });
    bot = startBot(project, slackEnv(standin));
    await bot.waitForOutput(/ready: watching the services/);
    const s = standin;

    expect(await ok('start', 'checkout', 'slow')).toContain('teach run posts it to Slack channel COPS');
    const m = await s.waitForMessage(CHANNEL, (x) => !x.thread_ts && /Incident #1: checkout slow/.test(x.text ?? ''), { timeoutMs: 10_000 });
    const line = (id: string) => stepLine(s.store.find(CHANNEL, m.ts)!, id);

    await ok('step', '1', 'contingency', 'done');
    await s.waitFor(() => /done by tester \(host\)/.test(line('contingency')), { timeoutMs: 10_000, what: 'contingency done in Slack' });
    await ok('step', '1', 'notify', 'skip', '--reason', 'the on-call is already here');
    await s.waitFor(() => /skipped by tester \(host\): the on-call is already here/.test(line('notify')), { timeoutMs: 10_000, what: 'notify skipped in Slack' });
    await ok('rename', '1', 'checkout', 'times', 'out');
    await s.waitFor(() => blockText(s.store.find(CHANNEL, m.ts)).includes('Incident #1: checkout times out'), { timeoutMs: 10_000, what: 'the new title in Slack' });

    // the other way round: a click in Slack, read in the terminal
    await s.click(CHANNEL, m.ts, (el, b) => el.action_id === 'incident_run' && b.block_id === 'do:scope', { user: OPERATOR });
    await s.waitFor(() => /done by/.test(line('scope')), { timeoutMs: 10_000, what: 'scope done' });
    expect(await ok('show', '1')).toMatch(/\[x\] scope: Confirm the scope of the failure — done by @UOPERATOR1 .*: 1 of 1 service\(s\) running/);

    await ok('resolve', '1');
    await s.waitFor(() => s.files().find((f) => f.completed), { timeoutMs: 10_000, what: 'the postmortem upload' });
    await s.waitFor(() => blockText(s.store.find(CHANNEL, m.ts)).includes('Incident #1 (resolved): checkout times out'), { timeoutMs: 10_000, what: 'resolved in Slack' });
    expect(s.messages(CHANNEL).filter((x) => !x.thread_ts && /Incident #1/.test(x.text ?? ''))).toHaveLength(1);
  }, 120_000);

  test('with Slack refusing the token, start says the updates are on the console until Slack answers', async () => {
    standin = await SlackStandin.start({ channels: { [CHANNEL]: 'ops' } });
    standin.refuseBotToken({ error: 'token_revoked' });
    project = slackProject({ raw: { alerts: { channel: CHANNEL }, runbook: RUNBOOK } });
    bot = startBot(project, slackEnv(standin));
    await bot.waitForOutput(/ready: watching the services/);
    const start = await ok('start', 'x');
    expect(start).toContain('Slack is not taking updates (token_revoked): teach run shows it on its console and in logs/monitor.log, and posts it to Slack channel COPS once Slack answers.');
    await bot.waitForOutput(/\[incident #1\] tester \(host\) declared the incident: x/);
  }, 60_000);
});
