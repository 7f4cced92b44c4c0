import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { Clock } from '../../base/clock.ts';
import type { Broker, BrokerMemory } from './broker.ts';
import type { Peer } from './peer.ts';
import type { ServiceRegistry } from './services.ts';
import { Session } from './session.ts';

export interface RosbridgeServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  clock: Clock;
  broker: Broker;
  services: ServiceRegistry;
  log: (line: string) => void;
  /** Larger frames close that client with 1009 (default 16 MiB). */
  maxPayloadBytes?: number;
  /** A client that stops reading has frames dropped beyond this backlog (default 8 MiB). */
  maxBufferedBytes?: number;
}

export interface BridgeStats extends BrokerMemory {
  clients: number;
  connections: number;
  rejectedFrames: number;
  /** Frames not sent because a client's socket backlog was full. */
  droppedFrames: number;
}

export interface RosbridgeServer {
  readonly port: number;
  readonly url: string;
  stats(): BridgeStats;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
/** Per client: log this many rejections, then one line per thousand. */
const LOG_FIRST = 20;

/** The Node side of the bridge: WebSocket connections in, one Session per client. */
export async function listenRosbridge(opts: RosbridgeServerOptions): Promise<RosbridgeServer> {
  const maxPayload = opts.maxPayloadBytes ?? 16 * MiB;
  const maxBuffered = opts.maxBufferedBytes ?? 8 * MiB;
  const wss = new WebSocketServer({ host: opts.host, port: opts.port, maxPayload, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', (e) => reject(new Error(`rosbridge server cannot listen on ${opts.host}:${opts.port}: ${e.message}`)));
  });
  wss.on('error', (e) => opts.log(`sim: server error: ${e.message}`));
  const address = wss.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const stats = { connections: 0, rejectedFrames: 0, droppedFrames: 0 };
  const sockets = new Set<WebSocket>();
  let nextId = 0;

  wss.on('connection', (socket) => {
    const id = ++nextId;
    stats.connections++;
    sockets.add(socket);
    let rejects = 0;
    const peer: Peer = {
      id,
      send(frame) {
        if (socket.readyState !== WebSocket.OPEN) return;
        if (socket.bufferedAmount > maxBuffered) {
          stats.droppedFrames++;
          return;
        }
        socket.send(frame.bytes(), { binary: false });
      },
      close(code, reason) {
        opts.log(`sim: closing client ${id}: ${reason}`);
        socket.close(code, reason);
      },
      note(line) {
        opts.log(`sim: client ${id}: ${line}`);
      },
    };
    const session = new Session(peer, {
      broker: opts.broker,
      services: opts.services,
      clock: opts.clock,
      maxFrameBytes: maxPayload,
      onReject(_peer, reason) {
        stats.rejectedFrames++;
        rejects++;
        if (rejects <= LOG_FIRST || rejects % 1000 === 0) opts.log(`sim: client ${id}: rejected frame #${rejects}: ${reason}`);
      },
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) session.receiveBinary(byteLength(data));
      else session.receiveText(asText(data));
    });
    // ws reports oversized frames, bad UTF-8 and protocol violations here, then closes.
    socket.on('error', (e) => {
      stats.rejectedFrames++;
      opts.log(`sim: client ${id}: ${e.message}`);
    });
    socket.on('close', () => {
      sockets.delete(socket);
      session.close();
    });
  });

  return {
    port,
    url: `ws://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    stats: () => ({ clients: sockets.size, ...stats, ...opts.broker.memory() }),
    async close() {
      const closed = [...sockets].map((s) => new Promise<void>((resolve) => {
        if (s.readyState === WebSocket.CLOSED) resolve();
        else s.once('close', () => resolve());
      }));
      for (const s of sockets) s.close(1001, 'simulator shutting down');
      // A client that does not answer the closing handshake must not hold up shutdown.
      const grace = setTimeout(() => { for (const s of sockets) s.terminate(); }, 1000);
      await Promise.all(closed);
      clearTimeout(grace);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function asText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}
