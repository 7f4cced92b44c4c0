/**
 * A small rosbridge v2 server for tests of the client side, and a fault injector: it can
 * refuse or drop connections, send malformed frames, hold, delay or lose deliveries
 * on chosen topics, and stop answering WebSocket pings. It routes a client's publish to every subscriber of the topic,
 * including the publisher itself, as rosbridge_server does. Listens on 127.0.0.1, port 0.
 */
import net from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

export type Frame = Record<string, unknown> & { op: string };

export interface FakeConnection {
  readonly n: number;
  readonly socket: WebSocket;
  readonly frames: Frame[];
  /** topic -> subscribe ids */
  readonly subs: Map<string, Set<string>>;
}

/** What a fake service answers; null = never answers. */
export type ServiceHandler = (args: unknown, frame: Frame) => { result: boolean; values: unknown } | null;

export class RosbridgeFake {
  readonly frames: Array<{ conn: number; frame: Frame }> = [];
  readonly services = new Map<string, ServiceHandler>();
  private readonly conns = new Set<FakeConnection>();
  private readonly lost = new Set<string>();
  private readonly held = new Map<string, Array<() => void>>();
  private readonly delays = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private accepted = 0;
  private answeringPings = true;
  /** WebSocket pings received, and pongs written back. */
  readonly pings = { received: 0, answered: 0 };

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly gate: { refusing: boolean },
    readonly port: number,
  ) {
    wss.on('connection', (socket) => this.accept(socket));
  }

  static async start(): Promise<RosbridgeFake> {
    const gate = { refusing: false };
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      // Pongs are sent by `accept`, so a test can silence them.
      autoPong: false,
      verifyClient: (_info, done) => (gate.refusing ? done(false, 503, 'refused by test') : done(true)),
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const address = wss.address();
    if (!address || typeof address === 'string') throw new Error('expected a TCP address');
    return new RosbridgeFake(wss, gate, address.port);
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Connections accepted so far. */
  get connectionCount(): number {
    return this.accepted;
  }

  /** Currently open connections, oldest first. */
  connections(): FakeConnection[] {
    return [...this.conns];
  }

  /** Frames with `op` (and `topic`, if given) from connection `conn` (default: all). */
  framesOf(op: string, topic?: string, conn?: number): Frame[] {
    return this.frames
      .filter((f) => f.frame.op === op && (topic === undefined || f.frame.topic === topic) && (conn === undefined || f.conn === conn))
      .map((f) => f.frame);
  }

  /** While on, WebSocket handshakes are answered with HTTP 503. */
  refuse(on: boolean): void {
    this.gate.refusing = on;
  }

  /** While off, pings go unanswered: the server looks alive to TCP but silent to WebSocket. */
  answerPings(on: boolean): void {
    this.answeringPings = on;
  }

  /** Cuts every client off without a close handshake, as a crashed server or lost network would. */
  dropAll(): void {
    for (const c of this.conns) c.socket.terminate();
  }

  /** Sends a raw frame (malformed or not) to every client. */
  sendRaw(data: string | Buffer): void {
    for (const c of this.conns) c.socket.send(data, { binary: Buffer.isBuffer(data) });
  }

  /** Delivers `msg` on `topic` to its subscribers. */
  publish(topic: string, msg: unknown): void {
    this.route(topic, msg);
  }

  /** Deliveries on `topic` are discarded. */
  lose(topic: string, on = true): void {
    if (on) this.lost.add(topic);
    else this.lost.delete(topic);
  }

  /** Deliveries on `topic` wait until `release(topic)`. */
  hold(topic: string): void {
    if (!this.held.has(topic)) this.held.set(topic, []);
  }

  release(topic: string): number {
    const queued = this.held.get(topic) ?? [];
    this.held.delete(topic);
    for (const deliver of queued) deliver();
    return queued.length;
  }

  /** Deliveries on `topic` are sent `ms` later (real time). */
  delay(topic: string, ms: number): void {
    if (ms > 0) this.delays.set(topic, ms);
    else this.delays.delete(topic);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.conns) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const conn: FakeConnection = { n: ++this.accepted, socket, frames: [], subs: new Map() };
    this.conns.add(conn);
    socket.on('close', () => this.conns.delete(conn));
    socket.on('error', () => {});
    socket.on('ping', (data) => {
      this.pings.received++;
      if (this.answeringPings) socket.pong(data, false, () => this.pings.answered++);
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame: Frame;
      try {
        frame = JSON.parse(String(data)) as Frame;
      } catch {
        return;
      }
      conn.frames.push(frame);
      this.frames.push({ conn: conn.n, frame });
      this.handle(conn, frame);
    });
  }

  private handle(conn: FakeConnection, frame: Frame): void {
    const topic = typeof frame.topic === 'string' ? frame.topic : '';
    switch (frame.op) {
      case 'subscribe': {
        const ids = conn.subs.get(topic) ?? new Set<string>();
        ids.add(String(frame.id ?? ''));
        conn.subs.set(topic, ids);
        break;
      }
      case 'unsubscribe': {
        const ids = conn.subs.get(topic);
        if (ids && frame.id !== undefined) ids.delete(String(frame.id));
        if (!ids || frame.id === undefined || ids.size === 0) conn.subs.delete(topic);
        break;
      }
      case 'publish':
        this.route(topic, frame.msg);
        break;
      case 'call_service':
        this.answer(conn, frame);
        break;
    }
  }

  private route(topic: string, msg: unknown): void {
    if (this.lost.has(topic)) return;
    const text = JSON.stringify({ op: 'publish', topic, msg });
    const deliver = (): void => {
      for (const c of this.conns) {
        if (c.subs.has(topic) && c.socket.readyState === WebSocket.OPEN) c.socket.send(text);
      }
    };
    const held = this.held.get(topic);
    const delay = this.delays.get(topic);
    if (held) held.push(deliver);
    else if (delay) this.later(deliver, delay);
    else deliver();
  }

  private answer(conn: FakeConnection, frame: Frame): void {
    const service = String(frame.service);
    const handler = this.services.get(service);
    const reply = handler ? handler(frame.args, frame) : { result: false, values: `Service ${service} does not exist` };
    if (!reply) return;
    conn.socket.send(JSON.stringify({ op: 'service_response', id: frame.id, service, values: reply.values, result: reply.result }));
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}

/** A port on 127.0.0.1 that nothing listens on (connecting is refused). */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('expected a TCP address');
  return address.port;
}

/** A TCP server that accepts connections and never answers: WebSocket handshakes hang. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('expected a TCP address');
  return {
    url: `ws://127.0.0.1:${address.port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
