import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { openApiSession, type ApiService } from '../src/app/api-session.ts';
import { readStatic } from './static-files.ts';

export interface ConsoleOptions {
  service: ApiService;
  /** Folder holding the built renderer (index.html, app.js, style.css). */
  root: string;
  host?: string;
  port?: number;
  /** Required when listening beyond loopback; generated if not given. */
  token?: string;
  log?: (line: string) => void;
}

export interface ConsoleHost {
  url: string;
  port: number;
  clients(): number;
  dispose(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** A slow browser must not make the app buffer without bound: drop snapshots past this. */
const MAX_BUFFERED = 1 << 20;

/**
 * Serves the operator UI and its API on one port. On loopback, only pages from this very
 * origin may open the API socket (a web page elsewhere must not drive the robot); beyond
 * loopback a secret token is required as well.
 */
export async function startConsoleHost(opts: ConsoleOptions): Promise<ConsoleHost> {
  const host = opts.host ?? '127.0.0.1';
  const needToken = !LOOPBACK.has(host) || opts.token !== undefined;
  const token = needToken ? (opts.token ?? randomBytes(18).toString('base64url')) : null;
  const log = opts.log ?? (() => {});

  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!hostAllowed(req, host)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request\n');
      return;
    }
    void readStatic(opts.root, req.url ?? '/').then((file) => {
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
        return;
      }
      res.writeHead(200, {
        'content-type': file.type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req, socket, head) => {
    const reason = refuseUpgrade(req, host, token);
    if (reason) {
      log(`console: refused API socket from ${req.socket.remoteAddress}: ${reason}`);
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n${reason}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const session = openApiSession(
      opts.service,
      (msg) => {
        if (ws.readyState !== ws.OPEN) return;
        if (msg.kind === 'event' && msg.event.type !== 'profiles' && ws.bufferedAmount > MAX_BUFFERED) return;
        ws.send(JSON.stringify(msg));
      },
      (reason) => log(`console: bad message: ${reason}`),
    );
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        log('console: a message was not JSON');
        return;
      }
      session.receive(raw);
    });
    ws.on('close', () => session.dispose());
    ws.on('error', () => session.dispose());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8470, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/${token ? `?token=${token}` : ''}`;

  return {
    url,
    port,
    clients: () => wss.clients.size,
    async dispose() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function refuseUpgrade(req: IncomingMessage, bindHost: string, secret: string | null): string | null {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/api') return 'unknown path';
    if (!hostAllowed(req, bindHost)) return 'unexpected Host header';
    const origin = req.headers.origin;
    const hostHeader = req.headers.host ?? '';
    if (origin !== undefined && origin !== `http://${hostHeader}`) return `origin ${origin} is not this console`;
    if (secret !== null) {
      const given = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
      const a = Buffer.from(given), b = Buffer.from(secret);
      if (a.length !== b.length || !timingSafeEqual(a, b)) return 'missing or wrong access token';
    }
    return null;
  }
}

/** Against DNS rebinding: on loopback, the Host header must name loopback too. */
function hostAllowed(req: IncomingMessage, bindHost: string): boolean {
  if (!LOOPBACK.has(bindHost)) return true;
  const name = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return LOOPBACK.has(name);
}
