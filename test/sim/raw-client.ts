import { WebSocket } from 'ws';

let counter = 0;

export type Frame = Record<string, unknown>;

/** A bare rosbridge client over `ws`, for saying exactly what goes on the wire. */
export class RawClient {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  closeCode: number | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.frames.push(JSON.parse(data.toString()) as Frame);
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static async connect(url: string): Promise<RawClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  send(frame: Frame | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first frame (in arrival order, consumed) that matches. */
  async next(match: (f: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(match);
      if (i >= 0) return this.frames.splice(i, 1)[0] as Frame;
      if (this.closeCode !== null) throw new Error(`socket closed (${this.closeCode}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; have ${JSON.stringify(this.frames).slice(0, 300)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Frames published on `topic` so far, consumed. */
  take(topic: string): Frame[] {
    const out = this.frames.filter((f) => f.op === 'publish' && f.topic === topic);
    for (const f of out) this.frames.splice(this.frames.indexOf(f), 1);
    return out;
  }

  /**
   * Round trip through the server: everything it sent this client before answering
   * has arrived once this resolves (one socket keeps order).
   */
  async sync(): Promise<void> {
    const id = `sync-${++counter}`;
    this.send({ op: 'call_service', id, service: '/rosapi/get_time' });
    await this.next((f) => f.op === 'service_response' && f.id === id);
  }

  async call(service: string, args?: unknown, id: string | number = `call-${++counter}`): Promise<Frame> {
    this.send({ op: 'call_service', id, service, args });
    return this.next((f) => f.op === 'service_response' && f.id === id);
  }

  async closed(): Promise<number> {
    while (this.closeCode === null) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.closeCode;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const done = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.close();
    await done;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
