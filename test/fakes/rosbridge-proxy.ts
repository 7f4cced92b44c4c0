/**
 * A TCP proxy on 127.0.0.1 (port 0) between a client and a rosbridge server, for faults
 * that a clean socket close cannot show:
 * - `freeze()`: the network goes away (Wi-Fi out of range). Nothing is forwarded either
 *   way and nothing is closed. Bytes written meanwhile stand for the sender's
 *   unacknowledged TCP queue: `unfreeze()` delivers them, as TCP retransmission would,
 *   unless the sender reset the connection meanwhile, which discards its queue. A
 *   graceful close (FIN) is delivered after the bytes it follows.
 * - `slowConsumer(true)`: the proxy stops reading from clients, so their socket buffers
 *   fill up as they do in front of a server that cannot keep up.
 */
import net from 'node:net';

interface Direction {
  from: net.Socket;
  to: net.Socket;
  held: Buffer[];
  endHeld: boolean;
}

interface Pair {
  up: Direction;
  down: Direction;
  /** A side reset the connection while frozen: reset the other one on unfreeze. */
  resetHeld: boolean;
}

export class TcpProxy {
  private readonly pairs = new Set<Pair>();
  private frozen = false;
  private slow = false;

  private constructor(private readonly server: net.Server, readonly port: number) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = net.createServer((client) => proxy?.accept(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('expected a TCP address');
    proxy = new TcpProxy(server, address.port);
    return proxy;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Connections whose both sides are still open. */
  get openPairs(): number {
    return this.pairs.size;
  }

  freeze(): void {
    this.frozen = true;
  }

  unfreeze(): void {
    this.frozen = false;
    for (const pair of [...this.pairs]) {
      if (pair.resetHeld) {
        this.reset(pair);
        continue;
      }
      for (const d of [pair.up, pair.down]) {
        for (const chunk of d.held.splice(0)) d.to.write(chunk);
        if (d.endHeld) d.to.end();
      }
    }
  }

  slowConsumer(on: boolean): void {
    this.slow = on;
    for (const pair of this.pairs) {
      if (on) pair.up.from.pause();
      else pair.up.from.resume();
    }
  }

  async close(): Promise<void> {
    for (const pair of [...this.pairs]) this.reset(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, targetPort: number): void {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: Pair = {
      up: { from: client, to: upstream, held: [], endHeld: false },
      down: { from: upstream, to: client, held: [], endHeld: false },
      resetHeld: false,
    };
    this.pairs.add(pair);
    for (const d of [pair.up, pair.down]) this.forward(pair, d);
    if (this.slow) client.pause();
  }

  private forward(pair: Pair, d: Direction): void {
    d.from.on('data', (chunk: Buffer) => {
      if (this.frozen) d.held.push(chunk);
      else d.to.write(chunk);
    });
    d.from.on('end', () => {
      if (this.frozen) d.endHeld = true;
      else d.to.end();
    });
    d.from.on('error', () => {
      // A reset: the sender's unacknowledged bytes are gone with it.
      d.held.length = 0;
      if (this.frozen) pair.resetHeld = true;
      else this.reset(pair);
    });
    d.from.on('close', () => {
      if (pair.up.from.destroyed && pair.down.from.destroyed) this.pairs.delete(pair);
    });
  }

  private reset(pair: Pair): void {
    this.pairs.delete(pair);
    for (const s of [pair.up.from, pair.down.from]) {
      if (!s.destroyed) s.resetAndDestroy();
    }
  }
}
