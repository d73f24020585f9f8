/**
 * With the real engine: Debian's Alertmanager on a free loopback port (temp config and data, clustering off) routes
 * to `teach run`'s POST /alertmanager with the bearer token; `teach run` (a child process) posts to the Slack
 * stand-in and silences through Alertmanager's API v2 (ALERTMANAGER_URL). Alerts are posted to Alertmanager's own
 * API, as Prometheus does.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandin, type StoredMessage } from '../support/slack-standin/index.js';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { findEngine, skipNote } from '../support/engines.js';
import { freePort, repoRoot } from '../support/temp-project.js';
import { auditRows, blockKitProblems, teach, tearDown } from '../slack/harness.js';
import { CHANNEL, controls, OPERATOR, seen, startAmBot, TOKEN, type AmBot } from './harness.js';

const binary = findEngine('prometheus-alertmanager');
const amtool = findEngine('amtool');

let standin: SlackStandin;
let bot: AmBot;
let am: RunningAlertmanager;

const messageOf = (alertname: string, pred: (m: StoredMessage) => boolean = () => true, timeoutMs = 15_000) =>
  standin.waitFor(() => standin.messages(CHANNEL).find((m) => (m.text ?? '').includes(`: ${alertname}`) && pred(m)), { what: `the message of ${alertname}`, timeoutMs, channel: CHANNEL });
const messagesOf = (alertname: string) => standin.messages(CHANNEL).filter((m) => (m.text ?? '').includes(`: ${alertname}`));
const labelsOf = (alertname: string) => ({ alertname, severity: 'critical', instance: 'api-1.lan:8080', job: 'api' });
const names = (m: StoredMessage) => controls(m).map((e) => e.text?.text ?? e.type);
/** The State field of the message reads Resolved (an alertname may contain the word). */
const isResolved = (m: StoredMessage) => seen(m).includes('*State*\\nResolved');
const silenceOf = async (alertname: string) => (await am.silences()).filter((s) => s.matchers.some((x) => x.name === 'alertname' && x.value === alertname));

describe.skipIf(!amtool)(`the README's Alertmanager config${skipNote({ amtool })}`, () => {
  it('is accepted by amtool check-config', async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const at = readme.indexOf('In `alertmanager.yml`');
    const block = /```yaml\n([^]*?)```/.exec(readme.slice(at));
    expect(at > 0 && block).toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'teachops-amtool-'));
    try {
      writeFileSync(join(dir, 'alertmanager.yml'), block![1]!);
      const r = await execa(amtool!, ['check-config', join(dir, 'alertmanager.yml')], { reject: false, all: true });
      expect(r.all).toContain('SUCCESS');
      expect(r.exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!binary)(`Alertmanager routing to teach run${skipNote({ 'prometheus-alertmanager': binary })}`, () => {
  beforeAll(async () => {
    standin = await SlackStandin.start();
    const amPort = await freePort();
    bot = await startAmBot(standin, { ALERTMANAGER_URL: `http://127.0.0.1:${amPort}`, TEACHOPS_ALERTMANAGER_SYNC: '500ms' });
    am = await startAlertmanager({ binary: binary!, port: amPort, webhook: { url: bot.url, token: TOKEN } });
  }, 60_000);
  afterAll(async () => {
    await am?.stop();
    await tearDown(bot?.bot, bot?.project, standin);
  }, 30_000);
  afterEach(() => {
    expect(blockKitProblems(standin, [CHANNEL])).toEqual([]);
  });

  it('an alert fired in Alertmanager is one Slack message however often Alertmanager repeats it, with its links', async () => {
    await am.postAlerts([{ labels: labelsOf('E2ELatency'), annotations: { summary: 'p99 above 500 ms', runbook_url: 'https://wiki.lan/rb/latency' }, generatorURL: 'http://prometheus.lan:9090/graph?g0.expr=up' }]);
    const msg = await messageOf('E2ELatency');
    const text = seen(msg);
    expect(text).toContain('p99 above 500 ms');
    expect(text).toMatch(/<http:\/\/[^|>]+\/#\/alerts\?silenced=true&amp;inhibited=true&amp;active=true&amp;filter=%7Balertname%3D%22E2ELatency%22[^|>]*\|Alertmanager>/);
    expect(text).toContain('<http://prometheus.lan:9090/graph?g0.expr=up|Source>');
    expect(text).toContain('from Alertmanager (receiver teachops)');
    expect(names(msg)).toEqual(['Acknowledge', 'Start runbook', 'static_select']);
    // repeat_interval is 2 s: wait for Alertmanager to have sent the group three times.
    await am.until(async () => (await am.metric('alertmanager_notifications_total', { integration: 'webhook' })) >= 3, 'three webhook notifications');
    expect(await am.metric('alertmanager_notifications_failed_total', { integration: 'webhook' })).toBe(0);
    expect(messagesOf('E2ELatency')).toHaveLength(1);
  });

  it('Silence in Slack creates a silence in Alertmanager (matchers, creator, comment, end) and shows its id; Unsilence expires it', async () => {
    await am.postAlerts([{ labels: labelsOf('E2ESilence'), annotations: { summary: 'errors above 5 %', runbook_url: 'https://wiki.lan/rb/errors' } }]);
    const msg = await messageOf('E2ESilence');
    const t0 = Date.now();
    await standin.waitForSocket();
    await standin.click(CHANNEL, msg.ts, (e) => e.action_id === 'alert_silence', { user: OPERATOR, option: '1 hour' });
    const [silence] = await am.until(async () => {
      const s = (await silenceOf('E2ESilence')).filter((x) => x.status.state === 'active');
      return s.length ? s : undefined;
    }, 'the silence in Alertmanager');
    expect(silence!.matchers.map((m) => [m.name, m.value, m.isRegex]).sort()).toEqual(Object.entries(labelsOf('E2ESilence')).map(([k, v]) => [k, v, false]).sort());
    expect(silence!.createdBy).toBe(`${OPERATOR.toLowerCase()} (slack:${OPERATOR}) via teachops`);
    expect(silence!.comment).toMatch(/^From teachops alert #\d+: E2ESilence: errors above 5 %\. Runbook: https:\/\/wiki\.lan\/rb\/errors$/);
    const ends = Date.parse(silence!.endsAt) - t0;
    expect(ends).toBeGreaterThan(3_500_000);
    expect(ends).toBeLessThan(3_700_000);
    // Alertmanager mutes it, and the message says so, with the silence's id, and offers Unsilence.
    await am.until(async () => (await am.alerts()).find((a) => a.labels.alertname === 'E2ESilence' && a.status.silencedBy.includes(silence!.id)), 'the alert muted');
    const silenced = await messageOf('E2ESilence', (m) => seen(m).includes(`silence ${silence!.id}`));
    expect(silenced.ts).toBe(msg.ts);
    expect(names(silenced)).toEqual(['Acknowledge', 'Start runbook', 'Unsilence']);
    expect(standin.thread(CHANNEL, msg.ts).map((m) => m.text)).toContain(`Silenced by <@${OPERATOR}> (1 hour) in Alertmanager: silence ${silence!.id}`);

    await standin.waitForSocket();

    await standin.click(CHANNEL, msg.ts, (e) => e.action_id === 'alert_unsilence', { user: OPERATOR });
    await am.until(async () => (await silenceOf('E2ESilence')).find((s) => s.id === silence!.id && s.status.state === 'expired'), 'the silence expired');
    const back = await messageOf('E2ESilence', (m) => names(m).includes('static_select'));
    expect(seen(back)).not.toContain(`silence ${silence!.id}`);
    await standin.waitFor(() => standin.thread(CHANNEL, msg.ts).some((m) => m.text === `Silence lifted by <@${OPERATOR}>: notifications resume`), { what: 'the Unsilence line' });
    const audit = (await auditRows(bot.project)).filter((r) => r.action === 'alert.silence' || r.action === 'alert.unsilence');
    expect(audit.map((r) => [r.action, r.actor, r.outcome])).toEqual([
      ['alert.silence', OPERATOR, 'ok'],
      ['alert.unsilence', OPERATOR, 'ok'],
    ]);
  });

  it('from the host: teach silence and teach unsilence do the same through Alertmanager (ALERTMANAGER_URL from .env)', async () => {
    await am.postAlerts([{ labels: labelsOf('E2ECli'), annotations: { summary: 'slow queries' } }]);
    const msg = await messageOf('E2ECli');
    const alert = bot.project.store.alerts.active().find((a) => a.subject === 'E2ECli')!;
    writeFileSync(join(bot.project.dir, '.env'), `ALERTMANAGER_URL=http://127.0.0.1:${am.port}\n`);
    const silenced = await teach(bot.project, 'silence', String(alert.id), '4h');
    expect([silenced.code, silenced.stdout.trim()]).toEqual([0, `Alert #${alert.id} silenced (4h).`]);
    const silence = await am.until(async () => (await silenceOf('E2ECli')).find((s) => s.status.state === 'active'), 'the silence');
    expect(silence.createdBy).toMatch(/^cli:/);
    await messageOf('E2ECli', (m) => seen(m).includes(`silence ${silence.id}`));
    const unsilenced = await teach(bot.project, 'unsilence', String(alert.id));
    expect([unsilenced.code, unsilenced.stdout.trim()]).toEqual([0, `Alert #${alert.id}: silence lifted.`]);
    expect((await silenceOf('E2ECli')).find((s) => s.id === silence.id)!.status.state).toBe('expired');
    await messageOf('E2ECli', (m) => m.ts === msg.ts && names(m).includes('static_select'));
    const again = await teach(bot.project, 'unsilence', String(alert.id));
    expect([again.code, again.stdout.trim()]).toEqual([1, `Alert #${alert.id} is not silenced; nothing changed.`]);
  });

  it('silenced until resolved: Alertmanager sends nothing for a silenced alert, so teachops sees it gone, resolves it and expires the silence', async () => {
    const labels = labelsOf('E2EUntilResolved');
    await am.postAlerts([{ labels, annotations: { summary: 'queue backing up' } }]);
    const msg = await messageOf('E2EUntilResolved');
    await standin.waitForSocket();
    await standin.click(CHANNEL, msg.ts, (e) => e.action_id === 'alert_silence', { user: OPERATOR, option: 'Until resolved' });
    const silence = await am.until(async () => (await silenceOf('E2EUntilResolved')).find((s) => s.status.state === 'active'), 'the silence');
    expect(silence.comment).toContain('Until resolved: teachops expires this silence when the alert resolves (at the latest it ends after 7d 0h).');
    await messageOf('E2EUntilResolved', (m) => seen(m).includes(`silence ${silence.id}`));

    await am.postAlerts([{ labels, endsAt: new Date().toISOString() }]);
    const resolved = await messageOf('E2EUntilResolved', isResolved, 20_000);
    expect(resolved.ts).toBe(msg.ts);
    expect(controls(resolved)).toEqual([]);
    // Found by teachops' own check ("no longer active"), not notified: Alertmanager sends nothing for a muted alert.
    expect(standin.thread(CHANNEL, msg.ts).map((m) => m.text).at(-1)).toMatch(/^Resolved after .*: no longer active in Alertmanager$/);
    await am.until(async () => (await silenceOf('E2EUntilResolved')).find((s) => s.id === silence.id && s.status.state === 'expired'), 'the silence expired by teachops');
  });

  it('a resolved notification from Alertmanager resolves the alert: the same message, edited', async () => {
    const labels = labelsOf('E2EResolve');
    await am.postAlerts([{ labels, annotations: { summary: 'disk filling' } }]);
    const msg = await messageOf('E2EResolve');
    await am.postAlerts([{ labels, endsAt: new Date().toISOString() }]);
    const done = await messageOf('E2EResolve', isResolved);
    expect(done.ts).toBe(msg.ts);
    expect(messagesOf('E2EResolve')).toHaveLength(1);
    expect(standin.thread(CHANNEL, msg.ts).map((m) => m.text).at(-1)).toMatch(/: resolved in Alertmanager$/);
  });

  it('a group of 1,000 alerts: recorded at once, one message each, memory bounded, the bot answering all along', async () => {
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${bot.bot.child.pid}/status`, 'utf8'))![1]) * 1024;
    const before = rss();
    const storm = Array.from({ length: 1000 }, (_, i) => ({
      labels: { alertname: 'E2EStorm', instance: `node-${i}.lan:9100`, mountpoint: '/var', severity: 'warning' },
      annotations: { summary: `disk /var on node-${i} is 95 % full`, description: 'x'.repeat(300) },
    }));
    await am.postAlerts(storm);
    const stormAlerts = () => bot.project.store.alerts.active().filter((a) => a.subject === 'E2EStorm');
    await am.until(async () => stormAlerts().length === 1000, '1,000 alerts recorded', 30_000);
    // While the outbox paces Slack, the listener and the store still answer.
    expect((await fetch(`http://127.0.0.1:${bot.port}/metrics`)).status).toBe(200);
    expect(await am.metric('alertmanager_notifications_failed_total', { integration: 'webhook' })).toBe(0);
    // A cheap probe: the stand-in runs in this process.
    await standin.waitFor(() => standin.store.allMessages(CHANNEL).filter((m) => (m.text ?? '').includes(': E2EStorm')).length === 1000, { what: '1,000 messages', timeoutMs: 150_000 });
    expect(rss() - before).toBeLessThan(150 * 1024 * 1024);
    expect(bot.bot.child.exitCode).toBeNull();
    // Slack's socket pings were answered all along, or the bot is back on a new socket (it reconnects on a miss).
    await standin.waitForSocket();
  }, 200_000);

  it('Alertmanager down: Silence says why, ephemerally, and nothing is silenced', async () => {
    await am.postAlerts([{ labels: labelsOf('E2EDown'), annotations: { summary: 'cache cold' } }]);
    const msg = await messageOf('E2EDown');
    await am.kill();
    const t0 = Date.now();
    await standin.waitForSocket();
    await standin.click(CHANNEL, msg.ts, (e) => e.action_id === 'alert_silence', { user: OPERATOR, option: '4 hours' });
    const eph = await standin.waitForEphemeral(OPERATOR, (e) => e.postedAt >= t0 && seen(e).includes('Could not silence'), { timeoutMs: 10_000 });
    expect(eph.text).toMatch(new RegExp(`Could not silence alert #\\d+ in Alertmanager at http://127\\.0\\.0\\.1:${am.port}: ECONNREFUSED\\. Nothing was silenced\\.`));
    expect(eph.text).toContain('check that Alertmanager is running and that ALERTMANAGER_URL');
    const alert = bot.project.store.alerts.active().find((a) => a.subject === 'E2EDown')!;
    expect(alert).toMatchObject({ state: 'firing', silence: null });
    expect(bot.project.store.externalAlerts.get(alert.id)!.silence_id).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(names(standin.messages(CHANNEL).find((m) => m.ts === msg.ts)!)).toEqual(['Acknowledge', 'Start runbook', 'static_select']);
    expect(bot.bot.child.exitCode).toBeNull();
  });
});
