// Self-test of the Slack stand-in: the real Slack clients (@slack/web-api, @slack/socket-mode, @slack/bolt)
// must accept it as Slack, so what passes here is what the end-to-end tests and the benchmark rely on.
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import type { Button } from '@slack/types';
import { type Logger, WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBlockKitLimits, SlackStandin } from './support/slack-standin/index.js';

const CH = 'C0123ABCD';
const USER = 'U0123ABCD';
let s: SlackStandin;
const cleanups: Array<() => Promise<unknown>> = [];

beforeEach(async () => {
  s = await SlackStandin.start({ users: { [USER]: { name: 'alice' } } });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await s.stop();
});

// The clients log refusals at ERROR; the assertions check them, so keep the test output clean.
const quiet: Logger = {
  debug: () => {}, info: () => {}, warn: () => {}, error: () => {},
  setLevel: () => {}, getLevel: () => LogLevel.ERROR, setName: () => {},
};

function web(token = s.botToken): WebClient {
  // Quick retries so a test of a failure does not wait for the default 30-minute policy.
  return new WebClient(token, { slackApiUrl: s.apiUrl, logger: quiet, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 } });
}

async function platformError(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as WebAPIPlatformError).data?.error ?? String(e);
  }
}

const button = (text: string, action_id = 'go'): Button => ({ type: 'button', text: { type: 'plain_text', text }, action_id, value: 'v' });

describe('Web API', () => {
  it('posts, updates with history, threads and records calls', async () => {
    const c = web();
    const posted = await c.chat.postMessage({ channel: CH, text: 'first' });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    await c.chat.update({ channel: CH, ts: posted.ts!, text: 'second' });
    const reply = await c.chat.postMessage({ channel: CH, text: 'in thread', thread_ts: posted.ts! });
    expect(Number(reply.ts)).toBeGreaterThan(Number(posted.ts));
    const [m] = s.messages(CH);
    expect(m?.text).toBe('second');
    expect(m?.edits.map((e) => e.text)).toEqual(['first']);
    expect(m?.replies.map((r) => r.text)).toEqual(['in thread']);
    expect(s.calls('chat.update')).toHaveLength(1);
    await expect(s.waitFor(() => false, { timeoutMs: 50, channel: CH, what: 'nothing' })).rejects.toThrow(/Slack shows:\n#C0123ABCD:\n.*\(1 edits\): second\n.*in thread/);
  });

  it('refuses bad tokens with invalid_auth and unknown methods with unknown_method', async () => {
    expect(await platformError(web('xoxb-wrong').auth.test())).toBe('invalid_auth');
    const appClient = new WebClient('xapp-wrong', { slackApiUrl: s.apiUrl, logger: quiet });
    expect(await platformError(appClient.apps.connections.open({}))).toBe('invalid_auth');
    expect(await platformError(web().apiCall('admin.teams.create'))).toBe('unknown_method');
    expect(s.calls('admin.teams.create')[0]?.error).toBe('unknown_method');
  });

  it('validates messages like Slack and records missing text', async () => {
    const c = web();
    expect(await platformError(c.chat.postMessage({ channel: CH, text: 'x', blocks: [{ type: 'actions', elements: [button('x'.repeat(76))] }] }))).toBe('invalid_blocks');
    expect(await platformError(c.chat.postMessage({ channel: CH, text: 'x'.repeat(40001) }))).toBe('msg_too_long');
    await c.chat.postMessage({ channel: CH, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] });
    expect(s.warnings()).toMatchObject([{ kind: 'no_text', method: 'chat.postMessage', channel: CH }]);
    expect(s.rejections()[0]?.problems[0]).toContain('max 75');
  });

  it('honours Retry-After on 429 and recovers after Slack was down', async () => {
    s.failNext('chat.postMessage', 1, { status: 429, retryAfter: 1 });
    const t0 = Date.now();
    await web().chat.postMessage({ channel: CH, text: 'after limit' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(s.calls('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    s.setDown(true);
    const noRetry = new WebClient(s.botToken, { slackApiUrl: s.apiUrl, logger: quiet, retryConfig: { retries: 0 } });
    await expect(noRetry.chat.postMessage({ channel: CH, text: 'lost' })).rejects.toThrow(/503/);
    s.setDown(false);
    await noRetry.chat.postMessage({ channel: CH, text: 'back' });
    expect(s.messages(CH).map((m) => m.text)).toEqual(['after limit', 'back']);
  });

  it('takes filesUploadV2 the way @slack/web-api sends it', async () => {
    const res = await web().filesUploadV2({ channel_id: CH, content: 'line 1\nline 2', filename: 'svc.log', initial_comment: 'log tail' });
    expect(res.ok).toBe(true);
    const [f] = s.files();
    expect(f?.content?.toString()).toBe('line 1\nline 2');
    expect(f?.completed).toBe(true);
    expect(s.messages(CH)[0]).toMatchObject({ text: 'log tail', files: [{ name: 'svc.log' }] });
  });

  it('applies response_url posts and stops after 5 uses', async () => {
    const url = s.createResponseUrl(CH, USER);
    const post = (body: object) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ text: 'only you' })).status).toBe(200);
    expect((await post({ response_type: 'in_channel', text: 'everyone' })).status).toBe(200);
    expect((await post({ replace_original: true, text: 'everyone, edited' })).status).toBe(200);
    await post({ text: '4' });
    await post({ text: '5' });
    expect((await post({ text: '6' })).status).toBe(404);
    expect(s.ephemerals(USER).map((e) => e.text)).toEqual(['only you', '4', '5']);
    expect(s.messages(CH)[0]).toMatchObject({ text: 'everyone, edited', edits: [{ text: 'everyone' }] });
  });
});

describe('faults where the call reached Slack', () => {
  const noRetry = (timeout = 0) => new WebClient(s.botToken, { slackApiUrl: s.apiUrl, logger: quiet, retryConfig: { retries: 0 }, timeout });

  it('applies a call and drops the connection before answering: the client sees a request error, Slack has the message', async () => {
    s.failNext('chat.postMessage', 1, { dropAfterApply: true });
    await expect(noRetry().chat.postMessage({ channel: CH, text: 'lost answer' })).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    expect(s.messages(CH).map((m) => m.text)).toEqual(['lost answer']);
    expect(s.calls('chat.postMessage')[0]).toMatchObject({ ok: true, status: 0, injected: true });
  });

  it('applies a call and answers after the client gave up: the client times out, Slack has the message', async () => {
    s.failNext('chat.postMessage', 1, { answerAfterMs: 1000 });
    const err = (await noRetry(200).chat.postMessage({ channel: CH, text: 'late answer' }).then(() => ({}), (e: unknown) => e)) as { code?: string; original?: Error };
    expect(err).toMatchObject({ code: 'slack_webapi_request_error' });
    expect(err.original?.name).toBe('TimeoutError');
    expect(s.messages(CH).map((m) => m.text)).toEqual(['late answer']);
  });

  it('refuses a revoked token until it is accepted again, and a missing scope only for the methods that need it', async () => {
    s.refuseBotToken({ error: 'token_revoked' });
    expect(await platformError(web().auth.test())).toBe('token_revoked');
    s.refuseBotToken({ error: 'missing_scope', needed: 'channels:history', methods: ['conversations.history'] });
    const e = (await web().conversations.history({ channel: CH }).then(() => ({ data: {} }), (x: unknown) => x)) as WebAPIPlatformError;
    expect(e.data).toMatchObject({ error: 'missing_scope', needed: 'channels:history' });
    expect((await web().auth.test()).ok).toBe(true);
    s.acceptBotToken();
    expect((await web().conversations.history({ channel: CH })).ok).toBe(true);
  });

  it('lets a person delete a message: updates then answer message_not_found', async () => {
    const m = await web().chat.postMessage({ channel: CH, text: 'doomed' });
    s.deleteMessage(CH, m.ts!);
    expect(await platformError(web().chat.update({ channel: CH, ts: m.ts!, text: 'edit' }))).toBe('message_not_found');
    expect(s.messages(CH)).toEqual([]);
  });
});

describe('checkBlockKitLimits', () => {
  it('names each broken limit with its path', () => {
    expect(checkBlockKitLimits([{ type: 'actions', elements: [button('y'.repeat(80))] }])).toEqual(['blocks[0].elements[0].text.text: 80 chars, max 75']);
    const modal = { type: 'modal', title: { type: 'plain_text', text: 'A title that is far too long' }, blocks: [
      { type: 'input', label: { type: 'plain_text', text: 'Why' }, element: { type: 'plain_text_input', action_id: 'a' } },
    ] };
    expect(checkBlockKitLimits(modal)).toEqual(['view.title.text: 28 chars, max 24', 'view.submit: required when the view has an input block']);
    expect(checkBlockKitLimits({ text: 'ok', blocks: [{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'a' }] })).toEqual(['blocks[1].block_id: duplicate "a"']);
  });
});

describe('Socket Mode', () => {
  it('says hello, round-trips an envelope, and makes the client reconnect on disconnect', async () => {
    // clientPingTimeout also sets the client's reconnect delay (5 s by default).
    const client = new SocketModeClient({ appToken: s.appToken, clientOptions: { slackApiUrl: s.apiUrl }, clientPingTimeout: 600, logLevel: LogLevel.ERROR });
    cleanups.push(() => client.disconnect());
    client.on('slash_commands', async ({ ack, body }: { ack: (r?: object) => Promise<void>; body: { text: string } }) => {
      await ack({ text: `got ${body.text}` });
    });
    await client.start();
    const ack = await s.sendEnvelope('slash_commands', { text: 'status' });
    expect(ack.payload).toEqual({ text: 'got status' });
    expect(ack.ms).toBeLessThan(3000);
    await expect(s.sendEnvelope('events_api', { event: { type: 'nobody_listens' } }, { timeoutMs: 200 })).rejects.toThrow(/no ack/);
    await s.dropSockets();
    await s.waitForSocket({ minOpened: 2, timeoutMs: 5000 });
    expect(s.stats).toMatchObject({ connectionsOpenCalls: 2, socketsOpened: 2, socketsOpen: 1 });
    expect((await s.sendEnvelope('slash_commands', { text: 'again' })).payload).toEqual({ text: 'got again' });
  });

  it('drives a Bolt app: slash command, button click with respond(), modal submission', async () => {
    const app = new App({ token: s.botToken, appToken: s.appToken, socketMode: true, clientOptions: { slackApiUrl: s.apiUrl }, logLevel: LogLevel.ERROR });
    app.command('/teach', async ({ ack, command, respond, client }) => {
      await ack({ text: `running ${command.text}` });
      await respond({ response_type: 'in_channel', text: 'done' });
      await client.chat.postMessage({ channel: command.channel_id, text: 'alert', blocks: [{ type: 'actions', elements: [button('Acknowledge', 'ack_alert')] }] });
    });
    app.action('ack_alert', async ({ ack, respond, body }) => {
      await ack();
      await respond({ replace_original: true, text: `acknowledged by ${body.user.id}` });
    });
    app.command('/mine', async ({ ack, command, client }) => {
      await ack();
      await client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, text: 'just you', blocks: [{ type: 'actions', elements: [button('Retry', 'retry')] }] });
    });
    app.action('retry', async ({ ack, respond }) => {
      await ack();
      await respond({ replace_original: true, text: 'retried' });
    });
    app.command('/form', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: {
        type: 'modal', callback_id: 'form', title: { type: 'plain_text', text: 'Incident' }, submit: { type: 'plain_text', text: 'Open' },
        blocks: [{ type: 'input', block_id: 'title', label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: 'v' } }],
      } });
    });
    app.view('form', async ({ ack, view }) => {
      await ack({ response_action: 'errors', errors: { title: `too short: ${view.state.values.title?.v?.value ?? ''}` } });
    });
    await app.start();
    cleanups.push(() => app.stop());

    const r = await s.slash('status', { user: USER, channel: CH });
    expect(r.ack.payload).toEqual({ text: 'running status' });
    expect(r.payload).toMatchObject({ command: '/teach', user_name: 'alice', is_enterprise_install: 'false' });
    expect(s.ephemerals(USER).map((e) => e.text)).toEqual(['running status']);
    const alert = await s.waitForMessage(CH, (m) => m.text === 'alert');
    await s.waitForMessage(CH, (m) => m.text === 'done');

    const clicked = await s.click(CH, alert.ts, 'ack_alert', { user: USER });
    expect(clicked?.payload).toMatchObject({ type: 'block_actions', container: { message_ts: alert.ts, is_ephemeral: false } });
    const edited = await s.waitForMessage(CH, (m) => m.ts === alert.ts && m.text === `acknowledged by ${USER}`);
    expect(edited.edits).toHaveLength(1);

    await s.slash('', { user: USER, channel: CH, command: '/mine' });
    const eph = await s.waitForEphemeral(USER, (e) => e.text === 'just you');
    await expect(s.click(CH, eph.ts, 'retry', { user: 'U0SOMEONE' })).rejects.toThrow(/only visible to/);
    const c2 = await s.click(CH, eph.ts, 'retry', { user: USER });
    expect(c2?.payload).toMatchObject({ container: { is_ephemeral: true } });
    expect(c2?.payload.message).toBeUndefined();
    await s.waitForEphemeral(USER, (e) => e.ts === eph.ts && e.text === 'retried');

    await s.slash('', { user: USER, channel: CH, command: '/form' });
    const view = await s.waitFor(() => s.views().find((v) => v.view.callback_id === 'form'));
    const sub = await s.submitView(view.id, { title: { v: 'x' } }, { user: USER });
    expect(sub.ack.payload).toEqual({ response_action: 'errors', errors: { title: 'too short: x' } });
    expect(view.closed).toBe(false);
  });
});

describe('start-up failures the bot must report', () => {
  it('rejects a bad bot token at init() and a bad app token at start()', async () => {
    const app = new App({ token: 'xoxb-wrong', appToken: s.appToken, socketMode: true, deferInitialization: true, clientOptions: { slackApiUrl: s.apiUrl }, logger: quiet });
    await expect(app.init()).rejects.toThrow(/invalid_auth/);
    const client = new SocketModeClient({ appToken: 'xapp-wrong', clientOptions: { slackApiUrl: s.apiUrl }, logger: quiet });
    await expect(client.start()).rejects.toThrow(/invalid_auth/);
    expect(s.stats.socketsOpened).toBe(0);
  });
});

describe('HTTP mode', () => {
  it('signs requests the way Bolt HTTPReceiver verifies them', async () => {
    const receiver = new HTTPReceiver({ signingSecret: s.signingSecret, logLevel: LogLevel.ERROR });
    const app = new App({ token: s.botToken, receiver, clientOptions: { slackApiUrl: s.apiUrl }, logLevel: LogLevel.ERROR });
    app.command('/teach', async ({ ack }) => ack({ text: 'pong' }));
    app.action('go', async ({ ack }) => ack());
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
    cleanups.push(() => app.stop());
    const httpUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

    const r = await s.slash('ping', { user: USER, channel: CH, via: { httpUrl } });
    expect(r.ack).toMatchObject({ status: 200, payload: { text: 'pong' } });
    const forged = await s.postSigned(httpUrl, { kind: 'command', payload: r.payload }, { forgeSignature: true });
    expect(forged.status).toBe(401);
    const stale = await s.postSigned(httpUrl, { kind: 'command', payload: r.payload }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);

    const m = await web().chat.postMessage({ channel: CH, text: 'b', blocks: [{ type: 'actions', elements: [button('Go')] }] });
    const clicked = await s.click(CH, m.ts!, 'go', { user: USER, via: { httpUrl } });
    expect(clicked?.ack.status).toBe(200);
  });
});
