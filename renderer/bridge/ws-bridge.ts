import type { ApiMethod, ApiParams, ApiResult, AppEvent, ClientMessage } from '../../src/app/contract.ts';
import { Emitter } from '../../src/base/emitter.ts';
import { parseServerMessage } from './envelope.ts';
import { BridgeDownError, type HostConnection, type RendererBridge } from './types.ts';

export interface WsBridgeOptions {
  url: string;
  createSocket?: (url: string) => WebSocket;
  callTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The console host's API over one WebSocket. Calls made while the socket is down fail at
 * once rather than queue: a stale drive command replayed on reconnect would be dangerous.
 */
export class WsBridge implements RendererBridge {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly events = new Emitter<AppEvent>();
  private readonly conn = new Emitter<HostConnection>();
  private state: HostConnection = { up: false, attempt: 0, retryAt: null, lastError: null };
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(private readonly opts: WsBridgeOptions) {
    this.open();
  }

  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    const socket = this.socket;
    if (!this.state.up || !socket) return Promise.reject(new BridgeDownError(method));
    const id = this.nextId++;
    const message: ClientMessage = { kind: 'call', id, method, params };
    return new Promise<ApiResult<M>>((resolve, reject) => {
      const timeoutMs = this.opts.callTimeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} got no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      socket.send(JSON.stringify(message));
    });
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    return this.events.on(listener);
  }

  connection(): HostConnection {
    return this.state;
  }

  onConnection(listener: (c: HostConnection) => void): () => void {
    return this.conn.on(listener);
  }

  retryNow(): void {
    if (this.disposed || this.state.up || this.socket) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.socket = null;
    this.failPending('the page closed');
    this.events.dispose();
    this.conn.dispose();
  }

  private open(): void {
    const socket = (this.opts.createSocket ?? ((u) => new WebSocket(u)))(this.opts.url);
    this.socket = socket;
    socket.onopen = () => this.setState({ up: true, attempt: 0, retryAt: null, lastError: null });
    socket.onmessage = (e) => this.receive(e.data);
    socket.onclose = (e) => this.closed(socket, closeReason(e.code, e.reason));
  }

  private closed(socket: WebSocket, reason: string | null): void {
    if (this.socket !== socket || this.disposed) return;
    this.socket = null;
    this.failPending('console disconnected');
    const attempt = this.state.attempt + 1;
    const min = this.opts.minBackoffMs ?? 500;
    const delay = Math.min(this.opts.maxBackoffMs ?? 5_000, min * 2 ** Math.min(attempt - 1, 10));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
    this.setState({ up: false, attempt, retryAt: performance.now() + delay, lastError: reason ?? this.state.lastError });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    const msg = parseServerMessage(data);
    if (typeof msg === 'string') {
      console.warn(`intervene: ignored a frame from the console host: ${msg}`);
      return;
    }
    if (msg.kind === 'event') {
      try {
        this.events.fire(msg.event);
      } catch (err) {
        console.error('intervene: an event listener failed', err);
      }
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(new Error(msg.error));
  }

  private failPending(why: string): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(why));
    }
    this.pending.clear();
  }

  private setState(next: HostConnection): void {
    this.state = next;
    this.conn.fire(next);
  }
}

/** Words for the banner; 1006 (no close frame) is what a crashed or unreachable host looks like. */
function closeReason(code: number, reason: string): string | null {
  if (code === 1000) return null;
  if (code === 1006) return 'no answer from the console host';
  if (code === 1008 || code === 4401 || code === 4403) return `refused by the console host${reason ? `: ${reason}` : ''} (check the access token in the URL)`;
  return `closed by the console host (code ${code}${reason ? `: ${reason}` : ''})`;
}
