// The Socket Mode side of the stand-in: tickets from apps.connections.open, the hello handshake, envelopes
// with a 3 s ack deadline, and Slack's "disconnect" message that makes the client reconnect.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { AckResult, EnvelopeType, Json } from './types.js';

export interface EnvelopeRecord {
  envelope_id: string;
  type: EnvelopeType;
  payload: Json;
  sentAt: number;
  ack?: Json;
  ms?: number;
  /** The ack came after the deadline: Slack already showed the user an error. */
  late?: boolean;
}

interface Pending {
  resolve: (r: AckResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  started: number;
}

export class SocketHub extends EventEmitter {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly open = new Set<WebSocket>();
  readonly envelopes: EnvelopeRecord[] = [];
  socketsOpened = 0;
  refuse = false;

  constructor(private readonly appId: string, private readonly ackTimeoutMs: number) {
    super();
  }

  issueTicket(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return ticket;
  }

  get openCount(): number {
    return this.open.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    // A ticket is good for one connection, like the URL apps.connections.open returns.
    if (this.refuse || url.pathname !== '/socket' || !this.tickets.delete(ticket)) {
      socket.end(`HTTP/1.1 ${this.refuse ? '503 Service Unavailable' : '401 Unauthorized'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    this.socketsOpened += 1;
    this.open.add(ws);
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('close', () => {
      this.open.delete(ws);
      this.emit('change');
    });
    ws.send(JSON.stringify({
      type: 'hello',
      num_connections: this.open.size,
      debug_info: { host: 'applink-standin-1', build_number: 118, approximate_connection_time: 18060 },
      connection_info: { app_id: this.appId },
    }));
    this.emit('change');
  }

  private onMessage(text: string): void {
    let msg: { envelope_id?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return; // Slack ignores frames it cannot parse.
    }
    if (typeof msg.envelope_id !== 'string') return;
    const rec = this.envelopes.find((e) => e.envelope_id === msg.envelope_id);
    const payload = (typeof msg.payload === 'object' && msg.payload !== null ? msg.payload : {}) as Json;
    const p = this.pending.get(msg.envelope_id);
    if (rec !== undefined) {
      rec.ack = payload;
      rec.ms = Date.now() - rec.sentAt;
      rec.late = p === undefined;
    }
    if (p === undefined) return;
    clearTimeout(p.timer);
    this.pending.delete(msg.envelope_id);
    p.resolve({ envelope_id: msg.envelope_id, payload, ms: performance.now() - p.started });
    this.emit('change');
  }

  /** Sends an envelope on the newest connection; resolves with the ack, rejects after the deadline. */
  sendEnvelope(type: EnvelopeType, payload: Json, timeoutMs = this.ackTimeoutMs): Promise<AckResult> {
    const ws = [...this.open].filter((s) => s.readyState === WebSocket.OPEN).at(-1);
    if (ws === undefined) {
      return Promise.reject(new Error(`no Socket Mode connection is open (opened so far: ${this.socketsOpened}); the ${type} envelope is lost`));
    }
    const envelope_id = randomUUID();
    const accepts = type === 'slash_commands' || payload.type === 'view_submission';
    const frame: Json = { envelope_id, type, payload, accepts_response_payload: accepts };
    if (type === 'events_api') Object.assign(frame, { retry_attempt: 0, retry_reason: '' });
    this.envelopes.push({ envelope_id, type, payload, sentAt: Date.now() });
    return new Promise<AckResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope_id);
        reject(new Error(`no ack for ${type} envelope ${envelope_id} within ${timeoutMs} ms (Slack's deadline)`));
      }, timeoutMs);
      this.pending.set(envelope_id, { resolve, reject, timer, started: performance.now() });
      ws.send(JSON.stringify(frame));
    });
  }

  /** Slack's pod-recycling notice; sockets still open after `graceMs` are terminated. Resolves once all closed. */
  async drop(reason: string, graceMs: number): Promise<void> {
    const sockets = [...this.open];
    const closed = sockets.map((ws) => new Promise<void>((res) => {
      if (ws.readyState === WebSocket.CLOSED) return res();
      ws.once('close', () => res());
    }));
    for (const ws of sockets) {
      if (reason !== '') ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-standin-1' } }));
      else ws.close(1001, 'going away');
      setTimeout(() => ws.terminate(), graceMs).unref();
    }
    await Promise.all(closed);
  }

  terminateAll(): void {
    for (const ws of this.open) ws.terminate();
  }

  /** Closes every socket with a close frame (clients log no error), terminating stragglers after graceMs. */
  async close(graceMs = 500): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.refuse = true;
    await this.drop('', graceMs);
    this.wss.close();
  }
}
