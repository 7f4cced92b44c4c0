import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import type { AppEvent } from '../../src/app/contract.ts';
import { WsBridge } from '../../renderer/bridge/ws-bridge.ts';
import type { HostConnection } from '../../renderer/bridge/types.ts';

/** A console host stand-in on a real socket: answers calls with `answer`, can push events. */
async function startHost(port = 0, answer: (method: string, params: unknown) => unknown = () => null) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const calls: string[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { id: number; method: string; params: unknown };
      calls.push(m.method);
      if (m.method === 'hang') return;
      try {
        ws.send(JSON.stringify({ kind: 'result', id: m.id, ok: true, value: answer(m.method, m.params) }));
      } catch (err) {
        ws.send(JSON.stringify({ kind: 'result', id: m.id, ok: false, error: (err as Error).message }));
      }
    });
  });
  return {
    wss, calls,
    port: (wss.address() as AddressInfo).port,
    push: (event: unknown) => { for (const c of wss.clients) c.send(JSON.stringify({ kind: 'event', event })); },
    close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }),
  };
}

const createSocket = (url: string) => new NodeWebSocket(url) as unknown as WebSocket;

function waitFor(bridge: WsBridge, pred: (c: HostConnection) => boolean): Promise<HostConnection> {
  if (pred(bridge.connection())) return Promise.resolve(bridge.connection());
  return new Promise((resolve) => {
    const off = bridge.onConnection((c) => {
      if (pred(c)) { off(); resolve(c); }
    });
  });
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('WsBridge', () => {
  it('calls methods, rejects with the host error text, and delivers events', async () => {
    const host = await startHost(0, (method, params) => {
      if (method === 'deleteProfile') throw new Error(`no profile named ${(params as { name: string }).name}`);
      return { version: '9.9.9' };
    });
    cleanups.push(host.close);
    const bridge = new WsBridge({ url: `ws://127.0.0.1:${host.port}/`, createSocket });
    cleanups.push(() => bridge.dispose());
    await waitFor(bridge, (c) => c.up);
    await expect(bridge.call('info', undefined)).resolves.toEqual({ version: '9.9.9' });
    await expect(bridge.call('deleteProfile', { name: 'ghost' })).rejects.toThrow('no profile named ghost');
    const got = new Promise<AppEvent>((r) => bridge.onEvent(r));
    host.push({ type: 'profiles', profiles: [] });
    await expect(got).resolves.toEqual({ type: 'profiles', profiles: [] });
  });

  it('fails calls at once while down, fails pending calls on close, and reconnects', async () => {
    const host = await startHost();
    const bridge = new WsBridge({ url: `ws://127.0.0.1:${host.port}/`, createSocket, minBackoffMs: 50, maxBackoffMs: 100 });
    cleanups.push(() => bridge.dispose());
    await waitFor(bridge, (c) => c.up);
    const pending = bridge.call('connect', { kind: 'sim', world: 'lane', seed: 1 } as never);
    // The host stops answering and goes away: the pending call must not hang forever.
    const port = host.port;
    await host.close();
    await expect(pending).rejects.toThrow();
    const down = await waitFor(bridge, (c) => !c.up);
    expect(down.attempt).toBeGreaterThan(0);
    expect(down.retryAt).not.toBeNull();
    await expect(bridge.call('estop', undefined)).rejects.toThrow('console disconnected');

    const again = await startHost(port);
    cleanups.push(again.close);
    await waitFor(bridge, (c) => c.up);
    await expect(bridge.call('arm', undefined)).resolves.toBeNull();
    expect(again.calls).toEqual(['arm']);
  });

  it('times out a call the host never answers', async () => {
    const host = await startHost();
    cleanups.push(host.close);
    const bridge = new WsBridge({ url: `ws://127.0.0.1:${host.port}/`, createSocket, callTimeoutMs: 100 });
    cleanups.push(() => bridge.dispose());
    await waitFor(bridge, (c) => c.up);
    await expect(bridge.call('hang' as never, undefined as never)).rejects.toThrow(/no answer within 0.1 s/);
  });

  it('ignores malformed frames and keeps working', async () => {
    const host = await startHost();
    cleanups.push(host.close);
    const bridge = new WsBridge({ url: `ws://127.0.0.1:${host.port}/`, createSocket });
    cleanups.push(() => bridge.dispose());
    await waitFor(bridge, (c) => c.up);
    const events: AppEvent[] = [];
    bridge.onEvent((e) => events.push(e));
    for (const c of host.wss.clients) c.send('{oops');
    host.push({ type: 'nonsense' });
    host.push({ type: 'profiles', profiles: [] });
    await expect(bridge.call('info', undefined)).resolves.toBeNull();
    expect(events).toEqual([{ type: 'profiles', profiles: [] }]);
  });
});
