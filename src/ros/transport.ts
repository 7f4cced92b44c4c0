/**
 * The roslib transport: rosbridge frames over a `ws` WebSocket. Beyond what roslib's own
 * transport does, it (a) checks every incoming frame and counts the bad ones instead of
 * letting them reach roslib's parser, (b) reports when each outgoing frame actually left
 * the socket, so input-to-wire latency can be measured, and (c) gives up connecting after
 * a timeout. `LinkTransport` is the interface the link needs; `openWsTransport` is its one
 * Node implementation.
 */
import { AbstractTransport } from './roslib.ts';
import type { ITransport, RosbridgeMessage } from './roslib.ts';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
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
}

export type OpenTransport = (url: string) => LinkTransport;

export interface WsTransportOptions {
  clock: Clock;
  connectTimeoutMs?: number;
  /** Larger incoming frames close the connection (ws answers 1009). */
  maxPayloadBytes?: number;
}

const CLOSE_GRACE_MS = 1000;

export class ConnectTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly url: string, readonly timeoutMs: number) {
    super(`no answer from ${url} within ${timeoutMs} ms`);
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
  private cancelConnectTimer: (() => void) | null;
  private failed: Error | null = null;

  constructor(url: string, options: WsTransportOptions) {
    super();
    this.clock = options.clock;
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
    this.socket.on('open', () => {
      this.stopConnectTimer();
      this.emit('open', undefined);
    });
    this.socket.on('error', (err: Error) => {
      // ws reports its own abort after our timeout; keep the more useful cause.
      this.failed ??= err;
      this.emit('error', err);
    });
    this.socket.on('close', (code: number, reason: Buffer) => {
      this.stopConnectTimer();
      this.emit('close', { code, reason: reason.toString() } satisfies CloseInfo);
    });
    this.socket.on('message', (data: RawData, isBinary: boolean) => this.receive(data, isBinary));
  }

  get failure(): Error | null {
    return this.failed;
  }

  onSent(listener: (info: SentInfo) => void): () => void {
    return this.sent.on(listener);
  }

  onMalformed(listener: (info: MalformedInfo) => void): () => void {
    return this.malformed.on(listener);
  }

  send(message: RosbridgeMessage): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
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
    if (this.socket.readyState === WebSocket.CONNECTING) return this.socket.terminate();
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.close(1000);
    // ws would wait 30 s for a silent peer's close frame; a link does not need that long.
    const cancel = this.clock.setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    this.socket.once('close', cancel);
  }

  terminate(): void {
    this.stopConnectTimer();
    this.socket.terminate();
  }

  isConnecting(): boolean {
    return this.socket.readyState === WebSocket.CONNECTING;
  }

  isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
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
