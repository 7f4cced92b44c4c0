import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { join } from 'node:path';
import { startConsoleHost, type ConsoleHost } from '../../main/console-host.ts';
import type { ApiService } from '../../src/app/api-session.ts';
import type { AppEvent } from '../../src/app/contract.ts';

const root = join(import.meta.dirname, '..', '..', 'dist', 'renderer');

/** A service that answers `info` and records what reached it. */
function service(): ApiService & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async handle(method) {
      calls.push(method);
      if (method === 'info') return { version: 't' };
      throw new Error(`no ${method}`);
    },
    onEvent: (_l: (e: AppEvent) => void) => () => {},
  };
}

function openWs(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

function get(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console host', () => {
  let host: ConsoleHost | null = null;
  afterEach(async () => {
    await host?.dispose();
    host = null;
  });

  it('serves the UI, answers calls over /api, and refuses other origins', async () => {
    const svc = service();
    host = await startConsoleHost({ service: svc, root, port: 0 });
    expect(await get(host.port, '/', `127.0.0.1:${host.port}`)).toBe(200);
    // dist/cli.js sits next to dist/renderer: a served type, one step outside the root.
    expect(await get(host.port, '/../cli.js', `127.0.0.1:${host.port}`)).toBe(404);
    expect(await get(host.port, '/%2e%2e/cli.js', `127.0.0.1:${host.port}`)).toBe(404);
    expect(await get(host.port, '/app.js', `127.0.0.1:${host.port}`)).toBe(200);
    // DNS rebinding: a loopback console refuses requests addressed to another name.
    expect(await get(host.port, '/', `evil.example:${host.port}`)).toBe(421);

    const ok = await openWs(`ws://127.0.0.1:${host.port}/api`, { origin: `http://127.0.0.1:${host.port}` });
    expect('ws' in ok).toBe(true);
    if (!('ws' in ok)) return;
    const reply = new Promise<unknown>((resolve) => ok.ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    ok.ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'info', params: null }));
    expect(await reply).toEqual({ kind: 'result', id: 1, ok: true, value: { version: 't' } });
    const bad = new Promise<unknown>((resolve) => ok.ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    ok.ws.send(JSON.stringify({ kind: 'call', id: 2, method: 'selfDestruct' }));
    expect(await bad).toMatchObject({ id: 2, ok: false, error: expect.stringContaining('selfDestruct') });
    ok.ws.close();

    const evil = await openWs(`ws://127.0.0.1:${host.port}/api`, { origin: 'http://evil.example' });
    expect(evil).toEqual({ status: 403 });
    expect(svc.calls).toEqual(['info']);
  });

  it('requires the access token when listening beyond loopback names', async () => {
    // 127.0.0.2 is loopback on Linux but not one of the names the console trusts without a token.
    host = await startConsoleHost({ service: service(), root, host: '127.0.0.2', port: 0 });
    const token = new URL(host.url).searchParams.get('token');
    expect(token).toMatch(/^[\w-]{16,}$/);
    expect(await openWs(`ws://127.0.0.2:${host.port}/api`)).toEqual({ status: 403 });
    expect(await openWs(`ws://127.0.0.2:${host.port}/api?token=wrong${token}`)).toEqual({ status: 403 });
    const ok = await openWs(`ws://127.0.0.2:${host.port}/api?token=${token}`);
    expect('ws' in ok).toBe(true);
    if ('ws' in ok) ok.ws.close();
  });
});
