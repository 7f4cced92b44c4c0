import { describe, it, expect, afterEach } from 'vitest';
import { openWsTransport, ConnectTimeoutError } from '../../src/ros/transport.ts';
import type { MalformedInfo, SentInfo, WsTransport } from '../../src/ros/transport.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { RosbridgeFake, startSilentServer } from '../fakes/rosbridge-fake.ts';
import { waitFor } from './wait.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openTo(url: string, clock = new FakeClock(), connectTimeoutMs = 5000): Promise<WsTransport> {
  const t = openWsTransport(url, { clock, connectTimeoutMs });
  cleanups.push(() => t.terminate());
  return t;
}

describe('WsTransport', () => {
  it('counts malformed frames instead of passing them on, and still passes good ones', async () => {
    const fake = await RosbridgeFake.start();
    cleanups.push(() => fake.close());
    const t = await openTo(fake.url);
    const messages: unknown[] = [];
    const malformed: MalformedInfo[] = [];
    const errors: unknown[] = [];
    t.on('message', (m) => messages.push(m));
    t.on('error', (e) => errors.push(e));
    t.onMalformed((m) => malformed.push(m));
    let open = false;
    t.on('open', () => { open = true; });
    await waitFor(() => open, 'open');

    fake.sendRaw('{"op":"publish","topic":"/a",');
    fake.sendRaw(Buffer.from([0xff, 0x00, 0x13, 0x37]));
    fake.sendRaw('[1,2,3]');
    fake.sendRaw('"just a string"');
    fake.sendRaw('{"topic":"/a","msg":{}}');
    fake.sendRaw('{"op":"publish","topic":"close","msg":{}}');
    fake.sendRaw(JSON.stringify({ op: 'publish', topic: '/a', msg: { data: 'good' } }));
    await waitFor(() => messages.length === 1 && malformed.length === 6, 'the frames');

    expect(messages).toEqual([{ op: 'publish', topic: '/a', msg: { data: 'good' } }]);
    expect(malformed.map((m) => m.reason)).toEqual([
      'not JSON', 'binary frame', 'JSON array, not an object', 'JSON string, not an object', 'no "op" field',
      'publish on the reserved name "close"',
    ]);
    expect(malformed[0]?.sample).toBe('{"op":"publish","topic":"/a",');
    expect(malformed[1]?.sample).toBe('<4 bytes>');
    expect(errors).toEqual([]);
    expect(t.isOpen()).toBe(true);
  });

  it('a listener that throws is reported, not thrown into the socket', async () => {
    const fake = await RosbridgeFake.start();
    cleanups.push(() => fake.close());
    const t = await openTo(fake.url);
    const malformed: MalformedInfo[] = [];
    t.onMalformed((m) => malformed.push(m));
    t.on('message', () => { throw new Error('boom'); });
    let open = false;
    t.on('open', () => { open = true; });
    await waitFor(() => open, 'open');
    fake.sendRaw(JSON.stringify({ op: 'publish', topic: '/a', msg: {} }));
    await waitFor(() => malformed.length === 1, 'the report');
    expect(malformed[0]?.reason).toContain('boom');
    expect(t.isOpen()).toBe(true);
  });

  it('reports when each frame left the socket, on the injected clock', async () => {
    const fake = await RosbridgeFake.start();
    cleanups.push(() => fake.close());
    const clock = new FakeClock();
    clock.advance(1000);
    const t = await openTo(fake.url, clock);
    const sent: SentInfo[] = [];
    t.onSent((s) => sent.push(s));
    let open = false;
    t.on('open', () => { open = true; });
    await waitFor(() => open, 'open');
    t.send({ op: 'publish', topic: '/cmd_vel', msg: { data: 'é' } });
    t.send({ op: 'unsubscribe', topic: '/x' });
    await waitFor(() => sent.length === 2, 'two sent reports');
    const first = JSON.stringify({ op: 'publish', topic: '/cmd_vel', msg: { data: 'é' } });
    expect(sent[0]).toEqual({ op: 'publish', topic: '/cmd_vel', bytes: Buffer.byteLength(first), queuedAt: 1000, sentAt: 1000 });
    expect(sent[1]?.op).toBe('unsubscribe');
    await waitFor(() => fake.frames.length === 2, 'the server to get them');
  });

  it('gives up connecting after the timeout, on the injected clock', async () => {
    const silent = await startSilentServer();
    cleanups.push(() => silent.close());
    const clock = new FakeClock();
    const t = await openTo(silent.url, clock, 2000);
    let closed = false;
    t.on('close', () => { closed = true; });
    clock.advance(1999);
    expect(t.isConnecting()).toBe(true);
    clock.advance(1);
    await waitFor(() => closed, 'close after the timeout');
    expect(t.failure).toBeInstanceOf(ConnectTimeoutError);
    expect(t.failure?.message).toBe(`no answer from ${silent.url} within 2000 ms`);
  });

  it('drops frames handed over while not open', async () => {
    const silent = await startSilentServer();
    cleanups.push(() => silent.close());
    const t = await openTo(silent.url);
    expect(() => t.send({ op: 'publish', topic: '/a', msg: {} })).not.toThrow();
  });
});
