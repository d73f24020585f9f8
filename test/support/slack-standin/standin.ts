// SlackStandin: a Slack workspace on 127.0.0.1 that speaks the real wire protocol (Web API, Socket Mode,
// signed HTTP, response_url), so end-to-end tests and the benchmark exercise the real Bolt receivers.
import type { Server } from 'node:http';
import { dumpAll, dumpChannel } from './dump.js';
import { Faults, type DownMode, type TokenRefusal } from './faults.js';
import * as act from './interactions.js';
import type { ElementMatcher } from './payloads.js';
import { ResponseUrls, type ResponseRecord } from './response-url.js';
import { postSignedRequest, type SignedKind, type SignedResponse, type SignOptions } from './signing.js';
import { SocketHub, type EnvelopeRecord } from './socket.js';
import { SlackStore } from './store.js';
import type {
  AckResult, ApiCall, EnvelopeType, FailSpec, Json, Rejection, StandinOptions, StoredEphemeral, StoredFile,
  StoredMessage, StoredView, Warning,
} from './types.js';
import type { ApiEnv, Settings } from './web-api-env.js';
import { TriggerIds } from './web-api-views.js';
import { listen } from './server.js';
import { waitUntil, type WaitOptions } from './wait.js';
import { escapedMarkup } from './markup-scan.js';

export type { WaitOptions };

function settingsFrom(o: StandinOptions): Settings {
  return {
    botToken: o.botToken ?? 'xoxb-test-bot-token', appToken: o.appToken ?? 'xapp-test-app-token',
    signingSecret: o.signingSecret ?? 'test-signing-secret', teamId: o.teamId ?? 'T0STANDIN',
    teamDomain: o.teamDomain ?? 'teachops-test', appId: o.appId ?? 'A0STANDIN', botUserId: o.botUserId ?? 'U0STANDINBOT',
    botName: o.botName ?? 'teachops', notMember: o.notMember ?? [],
    botId: o.botId ?? 'B0STANDINBOT', channels: o.channels, users: o.users, checkTriggers: o.checkTriggers ?? true,
    ackTimeoutMs: o.ackTimeoutMs ?? 3000,
  };
}

export class SlackStandin {
  /** Stand-ins started and not yet checked after their stop (the suite's teardown scans what each one received). */
  private static readonly started = new Set<SlackStandin>();
  readonly store = new SlackStore();
  private readonly faults = new Faults();
  private readonly callLog: ApiCall[] = [];
  private readonly warningLog: Warning[] = [];
  private readonly rejectionLog: Rejection[] = [];
  private readonly hub: SocketHub;
  private readonly responses: ResponseUrls;
  private readonly triggers: TriggerIds;
  private server: Server | undefined;
  private portNumber = 0;
  /** how far the escaped-markup check has looked */
  private checked = { calls: 0, responses: 0, envelopes: 0 };

  private constructor(readonly settings: Settings) {
    this.hub = new SocketHub(settings.appId, settings.ackTimeoutMs);
    this.triggers = new TriggerIds(settings.checkTriggers);
    this.responses = new ResponseUrls(this.store, { userId: settings.botUserId, botId: settings.botId }, () => this.baseUrl);
    // Socket changes wake waitFor() too (e.g. "the bot reconnected").
    this.hub.on('change', () => this.store.changed());
  }

  static async start(opts: StandinOptions = {}): Promise<SlackStandin> {
    const s = new SlackStandin(settingsFrom(opts));
    SlackStandin.started.add(s);
    const env: ApiEnv = {
      settings: s.settings, store: s.store, hub: s.hub, triggers: s.triggers, warnings: s.warningLog,
      rejections: s.rejectionLog, baseUrl: () => s.baseUrl,
    };
    const { server, port } = await listen({ env, faults: s.faults, calls: s.callLog, responses: s.responses, hub: s.hub });
    s.server = server;
    s.portNumber = port;
    return s;
  }

  async stop(): Promise<void> {
    await this.hub.close();
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get port(): number { return this.portNumber; }
  /** `http://127.0.0.1:PORT/` */
  get baseUrl(): string { return `http://127.0.0.1:${this.portNumber}/`; }
  /** What SLACK_API_URL / `clientOptions.slackApiUrl` should be. */
  get apiUrl(): string { return `${this.baseUrl}api/`; }
  get botToken(): string { return this.settings.botToken; }
  get appToken(): string { return this.settings.appToken; }
  get signingSecret(): string { return this.settings.signingSecret; }

  // --- what was sent to Slack -------------------------------------------------------------------------------
  calls(method?: string): ApiCall[] { return this.callLog.filter((c) => method === undefined || c.method === method); }
  warnings(): Warning[] { return [...this.warningLog]; }
  rejections(): Rejection[] { return [...this.rejectionLog]; }
  messages(channel: string): StoredMessage[] { return this.store.messages(channel); }
  thread(channel: string, ts: string): StoredMessage[] { return this.store.thread(channel, ts); }
  ephemerals(user?: string): StoredEphemeral[] { return this.store.ephemerals(user); }
  views(): StoredView[] { return [...this.store.views.values()]; }
  files(): StoredFile[] { return [...this.store.files.values()]; }
  responseLog(): ResponseRecord[] { return [...this.responses.records]; }
  envelopes(): EnvelopeRecord[] { return [...this.hub.envelopes]; }
  /** Thread replies and top-level messages as a person scrolling the channel sees them (broadcast replies included). */
  channelView(channel: string): StoredMessage[] { return this.store.channelView(channel); }
  /**
   * Every mention, channel link or date the bot sent HTML-escaped (`&lt;@U0123&gt;`: shown as text, pings nobody),
   * in any message, edit, ephemeral, view, response_url post or Socket Mode ack. [] when there is none.
   * `sinceLastCheck`: only what arrived since the previous such call (a suite-wide check after each test).
   */
  escapedMarkup(o: { sinceLastCheck?: boolean } = {}): string[] {
    const from = o.sinceLastCheck ? this.checked : { calls: 0, responses: 0, envelopes: 0 };
    const found = escapedMarkup([
      ...this.callLog.slice(from.calls).map((c) => ({ what: c.method, body: c.args })),
      ...this.responses.records.slice(from.responses).map((r) => ({ what: 'response_url', body: r.body })),
      ...this.hub.envelopes.slice(from.envelopes).flatMap((e) => (e.ack ? [{ what: `ack of ${e.type}`, body: e.ack }] : [])),
    ]);
    if (o.sinceLastCheck) this.checked = { calls: this.callLog.length, responses: this.responses.records.length, envelopes: this.hub.envelopes.length };
    return found;
  }
  /** The stand-ins started and not yet stopped and checked (a suite-wide check after each test scans them). */
  static tracked(): SlackStandin[] {
    const list = [...SlackStandin.started];
    for (const s of list) if (s.server === undefined) SlackStandin.started.delete(s);
    return list;
  }
  dump(channel?: string): string { return channel === undefined ? dumpAll(this.store) : dumpChannel(this.store, channel); }

  // --- faults -----------------------------------------------------------------------------------------------
  failNext(method: string, n: number, spec: FailSpec): void { this.faults.failNext(method, n, spec); }
  /** Slack down: Web API answers 503 (or resets connections) and, by default, sockets are cut and refused. */
  setDown(down: boolean, o: { mode?: DownMode; sockets?: boolean } = {}): void {
    this.faults.down = down ? (o.mode ?? 'status503') : undefined;
    const sockets = o.sockets ?? true;
    this.hub.refuse = down && sockets;
    if (down && sockets) this.hub.terminateAll();
  }
  clearFaults(): void { this.setDown(false); this.faults.clear(); }
  /** Slack refuses the bot token from now on (`token_revoked`, `invalid_auth`, `account_inactive`, `missing_scope` ...). */
  refuseBotToken(r: TokenRefusal): void { this.faults.botToken = r; }
  /** The token works again (the app re-enabled, the scope added). */
  acceptBotToken(): void { this.faults.botToken = undefined; }
  /** A person deletes a message (as in the Slack client): chat.update on it answers message_not_found. */
  deleteMessage(channel: string, ts: string): void {
    const m = this.store.find(channel, ts);
    if (m === undefined) throw new Error(`no message ${ts} in ${channel}`);
    this.store.remove(m);
  }
  /** Injected failures not yet consumed (for `method`, or all). */
  pendingFailures(method?: string): number { return this.faults.pending(method); }

  // --- Socket Mode ------------------------------------------------------------------------------------------
  get stats(): { connectionsOpenCalls: number; socketsOpened: number; socketsOpen: number; envelopesSent: number } {
    return {
      connectionsOpenCalls: this.calls('apps.connections.open').filter((c) => c.ok).length,
      socketsOpened: this.hub.socketsOpened, socketsOpen: this.hub.openCount, envelopesSent: this.hub.envelopes.length,
    };
  }
  /** Sends `{type:"disconnect", reason}` (reason '' = plain close frame); terminates sockets still open after graceMs. */
  dropSockets(reason = 'refresh_requested', o: { graceMs?: number } = {}): Promise<void> {
    return this.hub.drop(reason, o.graceMs ?? 1000);
  }
  /** Resolves once a socket is open and at least `minOpened` have been opened in total. */
  waitForSocket(o: { minOpened?: number; timeoutMs?: number } = {}): Promise<true> {
    const min = o.minOpened ?? 1;
    return this.waitFor(() => this.hub.openCount > 0 && this.hub.socketsOpened >= min,
      { timeoutMs: o.timeoutMs ?? 10_000, what: `a Socket Mode connection (#${min})` }).then(() => true);
  }
  sendEnvelope(type: EnvelopeType, payload: Json, o: { timeoutMs?: number } = {}): Promise<AckResult> {
    return this.hub.sendEnvelope(type, payload, o.timeoutMs);
  }

  // --- HTTP mode --------------------------------------------------------------------------------------------
  postSigned(url: string, req: { kind: SignedKind; payload: Json }, o: SignOptions = {}): Promise<SignedResponse> {
    return postSignedRequest(url, req, this.settings.signingSecret, o);
  }

  // --- what a user does -------------------------------------------------------------------------------------
  private get ctx(): act.Ctx {
    return { settings: this.settings, store: this.store, hub: this.hub, responses: this.responses, triggers: this.triggers, rejections: this.rejectionLog };
  }
  slash(text: string, o: act.SlashOptions): ReturnType<typeof act.slash> { return act.slash(this.ctx, text, o); }
  /** Resolves undefined when the button has a confirm dialog and `confirm: false` (the user denied). */
  click(channel: string, ts: string, match: ElementMatcher, o: act.ClickOptions): Promise<act.Sent | undefined> {
    return act.click(this.ctx, channel, ts, match, o);
  }
  submitView(viewId: string, values: Record<string, Record<string, unknown>>, o: act.SubmitOptions): ReturnType<typeof act.submitView> {
    return act.submitView(this.ctx, viewId, values, o);
  }
  issueTriggerId(user: string): string { return this.triggers.issue(user); }
  /** A fresh response_url as a slash command by `user` in `channel` would carry. */
  createResponseUrl(channel: string, user: string): string { return this.responses.create(channel, user).url; }

  // --- waiting ----------------------------------------------------------------------------------------------
  /** Resolves with the probe's first truthy result, re-checked on every change; rejects with a dump on timeout. */
  waitFor<T>(probe: (s: SlackStandin) => T | undefined | null | false, o: WaitOptions = {}): Promise<T> {
    return waitUntil(this.store, () => probe(this), () => this.dump(o.channel), o);
  }
  /** The first message in `channel` (thread replies included) matching `pred`. */
  waitForMessage(channel: string, pred: (m: StoredMessage) => boolean, o: Omit<WaitOptions, 'channel'> = {}): Promise<StoredMessage> {
    return this.waitFor(() => this.messages(channel).flatMap((m) => [m, ...m.replies]).find(pred), { what: 'a matching message', ...o, channel });
  }
  waitForEphemeral(user: string, pred: (e: StoredEphemeral) => boolean, o: WaitOptions = {}): Promise<StoredEphemeral> {
    return this.waitFor(() => this.ephemerals(user).find(pred), { what: `an ephemeral for ${user}`, ...o });
  }
}
