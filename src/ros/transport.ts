/**
 * The roslib transport: rosbridge frames over a `ws` WebSocket. Beyond what roslib's own
 * transport does, it (a) checks every incoming frame and counts the bad ones instead of
 * letting them reach roslib's parser, (b) reports when each outgoing frame actually left
 * the socket, so input-to-wire latency can be measured, and (c) gives up connecting after
 * a timeout. `LinkTransport` is the interface the link needs; `openWsTransport` is its one
 * Node implementation.
 *
 * (d) It notices a link that stalls without closing (Wi-Fi gone: no TCP close ever comes).
 * It pings every `pingIntervalMs` and expects a pong, or any other frame, within
 * `stallTimeoutMs`; otherwise it resets the TCP connection, so the normal close path runs
 * (the link reports down, the app disarms, reconnecting starts). Stock rosbridge_server
 * (tornado) and servers built on `ws` answer pings by themselves. A reset rather than a
 * close: the kernel then discards what it still holds for the server, so commands written
 * during the stall never arrive when the network comes back.
 */
import { AbstractTransport } from './roslib.ts';
import type { ITransport, RosbridgeMessage } from './roslib.ts';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import { checkIncoming, excerpt } from './protocol.ts';

export interface SentInfo {
  op: string;
  topic?: string;
  bytes: number;
  /** Clock ms when roslib handed the frame over. */
  queuedAt: number;
  /** Clock ms when the socket reported the frame written. */
  sentAt: number;
}

export interface MalformedInfo {
  reason: string;
  /** A short excerpt of the frame. */
  sample: string;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface LinkTransport extends ITransport {
  onSent(listener: (info: SentInfo) => void): () => void;
  onMalformed(listener: (info: MalformedInfo) => void): () => void;
  /** Why connecting or the connection failed, if it did. */
  readonly failure: Error | null;
  /** Closes at once, without the close handshake. */
  terminate(): void;
  /** Bytes handed to the socket that have not reached the network yet. */
  readonly bufferedBytes: number;
}

export type OpenTransport = (url: string) => LinkTransport;

export interface WsTransportOptions {
  clock: Clock;
  connectTimeoutMs?: number;
  /** Larger incoming frames close the connection (ws answers 1009). */
  maxPayloadBytes?: number;
  /** How often to ping while open (default 250 ms). */
  pingIntervalMs?: number;
  /** With nothing heard from the server this long, the link has stalled (default 1000 ms; 0 = never). */
  stallTimeoutMs?: number;
}

export const DEFAULT_PING_INTERVAL_MS = 250;
export const DEFAULT_STALL_TIMEOUT_MS = 1000;
const CLOSE_GRACE_MS = 1000;

export class ConnectTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly url: string, readonly timeoutMs: number) {
    super(`no answer from ${url} within ${timeoutMs} ms`);
  }
}

export class LinkStalledError extends Error {
  readonly code = 'ESTALLED';
  constructor(readonly silentMs: number) {
    super(`no answer from the server for ${(silentMs / 1000).toFixed(1)} s (link stalled)`);
  }
}

/** Checks liveness settings; throws a RangeError naming the bad value. */
export function checkLiveness(pingIntervalMs: number, stallTimeoutMs: number): void {
  if (!(Number.isFinite(pingIntervalMs) && pingIntervalMs > 0)) throw new RangeError(`pingIntervalMs must be a finite number > 0, got ${pingIntervalMs}`);
  if (!(Number.isFinite(stallTimeoutMs) && stallTimeoutMs >= 0)) throw new RangeError(`stallTimeoutMs must be a finite number >= 0, got ${stallTimeoutMs}`);
  if (stallTimeoutMs > 0 && stallTimeoutMs <= pingIntervalMs) {
    throw new RangeError(`stallTimeoutMs (${stallTimeoutMs}) must be longer than pingIntervalMs (${pingIntervalMs}), or 0 to turn stall detection off`);
  }
}

export function openWsTransport(url: string, options: WsTransportOptions): WsTransport {
  return new WsTransport(url, options);
}

export class WsTransport extends AbstractTransport implements LinkTransport {
  private readonly socket: WebSocket;
  private readonly clock: Clock;
  private readonly sent = new Emitter<SentInfo>();
  private readonly malformed = new Emitter<MalformedInfo>();
  private readonly pingIntervalMs: number;
  private readonly stallTimeoutMs: number;
  private cancelConnectTimer: (() => void) | null;
  private cancelLivenessTimer: (() => void) | null = null;
  private failed: Error | null = null;
  private tcp: Socket | null = null;
  private aborted = false;
  private lastHeardAt = 0;
  private nextPingAt = 0;

  constructor(url: string, options: WsTransportOptions) {
    super();
    this.clock = options.clock;
    this.pingIntervalMs = options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    checkLiveness(this.pingIntervalMs, this.stallTimeoutMs);
    // permessage-deflate costs latency on small frames and rosbridge rarely offers it.
    this.socket = new WebSocket(url, {
      perMessageDeflate: false,
      maxPayload: options.maxPayloadBytes ?? 64 * 1024 * 1024,
    });
    const timeoutMs = options.connectTimeoutMs ?? 5000;
    this.cancelConnectTimer = this.clock.setTimeout(() => {
      this.cancelConnectTimer = null;
      if (this.socket.readyState !== WebSocket.CONNECTING) return;
      this.failed = new ConnectTimeoutError(url, timeoutMs);
      this.socket.terminate();
    }, timeoutMs);
    this.socket.on('upgrade', (res: IncomingMessage) => {
      this.tcp = res.socket;
    });
    this.socket.on('open', () => {
      this.stopConnectTimer();
      this.startLiveness();
      this.emit('open', undefined);
    });
    this.socket.on('pong', () => this.heard());
    this.socket.on('ping', () => this.heard());
    this.socket.on('error', (err: Error) => {
      // ws reports its own abort after our timeout; keep the more useful cause.
      this.failed ??= err;
      this.emit('error', err);
    });
    this.socket.on('close', (code: number, reason: Buffer) => {
      this.stopConnectTimer();
      this.stopLiveness();
      this.emit('close', { code, reason: reason.toString() } satisfies CloseInfo);
    });
    this.socket.on('message', (data: RawData, isBinary: boolean) => {
      this.heard();
      this.receive(data, isBinary);
    });
  }

  get failure(): Error | null {
    return this.failed;
  }

  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  onSent(listener: (info: SentInfo) => void): () => void {
    return this.sent.on(listener);
  }

  onMalformed(listener: (info: MalformedInfo) => void): () => void {
    return this.malformed.on(listener);
  }

  /** Drops `message` unless the socket is open: nothing is kept to be sent later. */
  send(message: RosbridgeMessage): void {
    if (!this.isOpen()) return;
    const text = JSON.stringify(message);
    const queuedAt = this.clock.now();
    const topic = 'topic' in message && typeof message.topic === 'string' ? message.topic : undefined;
    this.socket.send(text, (err) => {
      if (err || this.sent.size === 0) return;
      const info: SentInfo = { op: message.op, bytes: Buffer.byteLength(text), queuedAt, sentAt: this.clock.now() };
      if (topic !== undefined) info.topic = topic;
      this.sent.fire(info);
    });
  }

  close(): void {
    this.stopConnectTimer();
    this.stopLiveness();
    if (this.socket.readyState === WebSocket.CONNECTING) return this.socket.terminate();
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.close(1000);
    // ws would wait 30 s for a silent peer's close frame; a link does not need that long.
    const cancel = this.clock.setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    this.socket.once('close', cancel);
  }

  terminate(): void {
    this.stopConnectTimer();
    this.stopLiveness();
    this.socket.terminate();
  }

  isConnecting(): boolean {
    return this.socket.readyState === WebSocket.CONNECTING;
  }

  isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN && !this.aborted;
  }

  isClosing(): boolean {
    return this.socket.readyState === WebSocket.CLOSING;
  }

  isClosed(): boolean {
    return this.socket.readyState === WebSocket.CLOSED;
  }

  private receive(data: RawData, isBinary: boolean): void {
    // We never ask for CBOR or BSON, so binary frames can only be garbage to us.
    if (isBinary) return this.reject('binary frame', `<${byteLength(data)} bytes>`);
    const text = toText(data);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.reject('not JSON', excerpt(text));
    }
    const check = checkIncoming(parsed);
    if (!check.ok) return this.reject(check.reason, excerpt(text));
    try {
      this.emit('message', check.frame);
    } catch (err) {
      // Thrown by roslib's dispatch (a listener of ours is guarded): never let it reach ws.
      this.reject(`roslib could not handle it: ${err instanceof Error ? err.message : String(err)}`, excerpt(text));
    }
  }

  private heard(): void {
    this.lastHeardAt = this.clock.now();
  }

  private startLiveness(): void {
    if (this.stallTimeoutMs === 0) return;
    this.heard();
    this.nextPingAt = this.lastHeardAt;
    this.checkLiveness();
  }

  private stopLiveness(): void {
    this.cancelLivenessTimer?.();
    this.cancelLivenessTimer = null;
  }

  /** Pings when due, and wakes again at the next ping or the deadline, whichever is first. */
  private checkLiveness(): void {
    this.cancelLivenessTimer = null;
    if (!this.isOpen()) return;
    const now = this.clock.now();
    if (now - this.lastHeardAt >= this.stallTimeoutMs) {
      // Our own event loop may have been the one stalled, with the answer unread in the
      // kernel: a zero timeout lets pending socket reads run before the verdict.
      this.cancelLivenessTimer = this.clock.setTimeout(() => this.confirmStall(), 0);
      return;
    }
    if (now >= this.nextPingAt) {
      this.socket.ping();
      this.nextPingAt = now + this.pingIntervalMs;
    }
    const wakeAt = Math.min(this.nextPingAt, this.lastHeardAt + this.stallTimeoutMs);
    this.cancelLivenessTimer = this.clock.setTimeout(() => this.checkLiveness(), wakeAt - now);
  }

  private confirmStall(): void {
    this.cancelLivenessTimer = null;
    const silentMs = this.clock.now() - this.lastHeardAt;
    if (silentMs < this.stallTimeoutMs) return this.checkLiveness();
    if (!this.isOpen()) return;
    this.failed ??= new LinkStalledError(silentMs);
    this.abort();
  }

  /** Resets the TCP connection; ws then reports the close (1006) as for any lost link. */
  private abort(): void {
    this.aborted = true;
    try {
      // Throws for TLS sockets (wss), which can only be closed.
      if (this.tcp) return void this.tcp.resetAndDestroy();
    } catch {
      // fall through to a plain close
    }
    this.socket.terminate();
  }

  private reject(reason: string, sample: string): void {
    this.malformed.fire({ reason, sample });
  }

  private stopConnectTimer(): void {
    this.cancelConnectTimer?.();
    this.cancelConnectTimer = null;
  }
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString();
  return Buffer.isBuffer(data) ? data.toString() : Buffer.from(new Uint8Array(data)).toString();
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}
