/**
 * POST /alertmanager on `teach run` (a child process, the Slack stand-in for Slack): refused without the token,
 * a clear 400 for a bad body, a 413 for a huge one, the bot alive after each; one Slack message per alert however
 * often it is delivered; resolution edits it. (A group of 1,000 alerts goes through the real Alertmanager:
 * engine.e2e.test.ts.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandin } from '../support/slack-standin/index.js';
import { blockKitProblems, hostStatus, OPERATOR, teach, tearDown } from '../slack/harness.js';
import { alertsJson, CHANNEL, controls, HOST, post, seen, startAmBot, TOKEN, type AmBot } from './harness.js';
import { webhook } from './payload.js';

let standin: SlackStandin;
let am: AmBot;

beforeAll(async () => {
  standin = await SlackStandin.start();
  am = await startAmBot(standin);
}, 30_000);
afterAll(() => tearDown(am?.bot, am?.project, standin), 30_000);
afterEach(() => {
  expect(blockKitProblems(standin, [CHANNEL])).toEqual([]);
});

const messagesAbout = (fp: string) => standin.messages(CHANNEL).filter((m) => seen(m).includes(`alertmanager:${fp}`));
const waitMessage = (fp: string, pred: (text: string) => boolean = () => true, timeoutMs = 10_000) =>
  standin.waitFor(() => messagesAbout(fp).find((m) => pred(seen(m))), { what: `the message of ${fp}`, timeoutMs, channel: CHANNEL });

/** The bot still answers: a scrape of /metrics on the same listener. */
async function alive(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${am.port}/metrics`);
  expect(res.status).toBe(200);
  expect(am.bot.child.exitCode).toBeNull();
}

describe('POST /alertmanager: who may post, and what', () => {
  it('refuses a request without the token, or with a wrong one (401, nothing recorded), and logs the refusal once', async () => {
    const body = webhook([{ fingerprint: 'a1000000000000a1' }]);
    const none = await post(am.url, body, { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="teachops"');
    expect(none.text).toContain('set http_config.authorization.credentials in Alertmanager\'s webhook_configs to the value of TEACHOPS_WEBHOOK_TOKEN');
    const wrong = await post(am.url, body, { token: 'not-the-token' });
    expect(wrong.status).toBe(401);
    expect((await post(am.url, body, { headers: { authorization: 'Basic dGVhY2hvcHM6eA==' }, token: null })).status).toBe(401);
    expect(am.project.store.alerts.latestByKey('alertmanager:a1000000000000a1')).toBeUndefined();
    await am.bot.waitForOutput(/refused 1 request without a valid bearer token \(the last from 127\.0\.0\.1\)/);
    expect(am.bot.output().match(/without a valid bearer token/g)).toHaveLength(1);
    expect(am.bot.output()).not.toContain('not-the-token');
    expect(am.bot.output()).not.toContain(TOKEN);
    await alive();
  });

  it('answers a body that is not a webhook with a 400 naming what is wrong, and keeps running', async () => {
    const notJson = await post(am.url, undefined, { raw: '{"version": "4", "alerts": [' });
    expect(notJson.status).toBe(400);
    expect(notJson.text).toMatch(/^the body is not JSON: /);

    const bad = webhook([{ fingerprint: 'b2000000000000b2' }]) as { version: string; alerts: Record<string, unknown>[] };
    bad.version = '3';
    delete bad.alerts[0]!.fingerprint;
    const invalid = await post(am.url, bad);
    expect(invalid.status).toBe(400);
    expect(invalid.text).toBe(
      'not an Alertmanager webhook payload (version 4):\n' +
        '  version: expected "4" (Alertmanager\'s webhook payload version 4)\n' +
        '  alerts[0].fingerprint: expected the alert\'s fingerprint (a string)\n',
    );
    const tooLarge = await post(am.url, undefined, { raw: `{"pad": "${'x'.repeat(9 * 1024 * 1024)}"}` }).catch((e: unknown) => ({ status: 0, text: String(e) }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('lower the number of alerts per notification with max_alerts');
    await alive();
    expect(messagesAbout('b2000000000000b2')).toEqual([]);
  });

  it('accepts the same payload once TEACHOPS_WEBHOOK_TOKEN matches, and says so in the answer', async () => {
    const r = await post(am.url, webhook([{ fingerprint: 'c3000000000000c3' }]));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ status: 'ok', alerts: 1, fired: 1 });
    await waitMessage('c3000000000000c3');
  });
});

describe('Alertmanager alerts in Slack', () => {
  it('one message per alert however often it is delivered; labels, annotations (redacted) and links shown; resolved in place', async () => {
    const fp = 'd4000000000000d4';
    const labels = { alertname: 'HighLatency', severity: 'critical', instance: 'api-1.lan:8080', job: 'api' };
    const annotations = {
      summary: 'p99 latency above 500 ms',
      description: 'the proxy logged password=hunter2-secret while retrying',
      runbook_url: 'https://wiki.lan/runbooks/latency',
    };
    const firing = webhook([{ fingerprint: fp, labels, annotations }]);
    // Alertmanager's repeat_interval, and a second HA replica, send the same alert again.
    for (let i = 0; i < 3; i++) expect((await post(am.url, firing)).status).toBe(200);
    const msg = await waitMessage(fp);
    const text = seen(msg);
    // Its first post is heard: escalate_to mentioned as markup, in the message and its notification text.
    expect(msg.text?.startsWith('<!subteam^S0ONCALL> ')).toBe(true);
    expect(text).toContain('HighLatency');
    expect(text).toContain('p99 latency above 500 ms');
    expect(text).toContain('password=[redacted]');
    expect(text).not.toContain('hunter2-secret');
    expect(text).toContain('`instance=api-1.lan:8080`');
    expect(text).toContain('<http://prometheus.lan:9090/graph?g0.expr=up&amp;g0.tab=1|Source>');
    expect(text).toContain('<http://alertmanager.lan:9093/#/alerts?silenced=true&amp;inhibited=true&amp;active=true&amp;filter=');
    expect(text).toContain('<https://wiki.lan/runbooks/latency|Runbook>');
    expect(controls(msg).map((e) => e.text?.text ?? e.type)).toEqual(['Acknowledge', 'Start runbook', 'static_select']);
    await new Promise((r) => setTimeout(r, 300)); // a second message would be posted by now
    expect(messagesAbout(fp)).toHaveLength(1);
    // (`key` is masked in the CLI's output: the one redactor takes a JSON "key" for a secret.)
    const [row] = (await alertsJson(am.project)).filter((a) => a.alertmanager?.fingerprint === fp);
    expect(row).toMatchObject({ state: 'firing', source: 'alertmanager', service: null, alertmanager: { fingerprint: fp, labels } });
    const list = await teach(am.project, 'alerts');
    expect(list.stdout).toMatch(new RegExp(`#${row!.id} Firing \\[Alertmanager\\] alertmanager:${fp} since .*: HighLatency`));

    // The resolution edits the same message; a late copy of the firing does not open it again.
    expect((await post(am.url, webhook([{ fingerprint: fp, labels, annotations, status: 'resolved' }]))).status).toBe(200);
    const resolved = await waitMessage(fp, (t) => t.includes('Resolved'));
    expect(resolved.ts).toBe(msg.ts);
    expect(controls(resolved)).toEqual([]);
    expect(standin.thread(CHANNEL, msg.ts).map((m) => m.text).at(-1)).toMatch(/^Resolved after .*: resolved in Alertmanager$/);
    expect((await post(am.url, firing)).status).toBe(200);
    expect(JSON.parse((await post(am.url, firing)).text)).toMatchObject({ ignored: 1, fired: 0, reopened: 0 });
    expect(messagesAbout(fp)).toHaveLength(1);
  });

  it('an alert naming a service of this host gets the host snapshot in its thread and a Restart button; one for another host does not', async () => {
    const local = 'e5000000000000e5';
    const other = 'f6000000000000f6';
    await post(am.url, webhook([
      { fingerprint: local, labels: { alertname: 'BackendErrors', service: 'backend', host: HOST } },
      { fingerprint: other, labels: { alertname: 'BackendErrors', service: 'backend', host: 'gpu-7' } },
    ]));
    const msg = await waitMessage(local);
    expect(controls(msg).map((e) => e.text?.text ?? e.type)).toEqual(['Acknowledge', 'Restart backend', 'Start runbook', 'static_select']);
    expect(seen(msg)).toContain(`backend on `);
    await standin.waitFor(() => standin.thread(CHANNEL, msg.ts).find((m) => (m.text ?? '').startsWith('Host snapshot')), { what: 'the host snapshot', timeoutMs: 10_000 });
    const remote = await waitMessage(other);
    expect(controls(remote).map((e) => e.text?.text ?? e.type)).toEqual(['Acknowledge', 'Start runbook', 'static_select']);
    expect(seen(remote)).toContain('gpu-7');
    await new Promise((r) => setTimeout(r, 500));
    expect(standin.thread(CHANNEL, remote.ts)).toEqual([]);
  });

  it('/teach alerts and teach alerts list both kinds, marked by source; Acknowledge stays teachops\' own', async () => {
    const fp = 'a7000000000000a7';
    await post(am.url, webhook([{ fingerprint: fp, labels: { alertname: 'QueueBacklog', severity: 'warning' }, annotations: { summary: 'queue above 10k' } }]));
    const msg = await waitMessage(fp);
    // teachops' own alert: the demo backend (restart policy never) killed.
    process.kill((await hostStatus(am.project)).backend!.pid!, 'SIGKILL');
    await standin.waitFor(() => standin.messages(CHANNEL).find((m) => (m.text ?? '').includes('backend is down')), { what: 'the service_down alert', timeoutMs: 10_000 });

    const t0 = Date.now();
    await standin.slash('alerts', { user: OPERATOR, channel: CHANNEL });
    const list = await standin.waitForEphemeral(OPERATOR, (e) => e.postedAt >= t0 && (e.text ?? '').startsWith('Active alerts'));
    expect(seen(list)).toMatch(/QueueBacklog\*\\nqueue above 10k"[^]*Firing · Alertmanager · /);
    expect(seen(list)).toMatch(/backend is down\*[^]*Firing · teachops · /);
    const cli = await teach(am.project, 'alerts');
    expect(cli.stdout).toMatch(new RegExp(`\\[Alertmanager\\] alertmanager:${fp} since .*: QueueBacklog`));
    expect(cli.stdout).toMatch(/\[teachops\] service_down:backend since .*: backend is down/);

    await standin.waitForSocket();

    await standin.click(CHANNEL, msg.ts, (e) => e.action_id === 'alert_ack', { user: OPERATOR });
    const acked = await waitMessage(fp, (t) => t.includes(`acknowledged by <@${OPERATOR}>`));
    expect(controls(acked).map((e) => e.text?.text ?? e.type)).toEqual(['Start runbook', 'static_select']);
    expect(standin.thread(CHANNEL, msg.ts).map((m) => m.text)).toContain(`Acknowledged by <@${OPERATOR}>`);
  });
});
