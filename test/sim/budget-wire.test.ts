import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broker } from '../../src/sim/bridge/broker.ts';
import { ServiceRegistry } from '../../src/sim/bridge/services.ts';
import { listenRosbridge, type RosbridgeServer } from '../../src/sim/bridge/ws-server.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { RawClient } from './raw-client.ts';

const KiB = 1024;
const LIMITS = { clientBytes: 256 * KiB, latchBytes: 64 * KiB, queueBytes: 64 * KiB };

let clock: FakeClock;
let broker: Broker;
let server: RosbridgeServer;
let log: string[];
const clients: RawClient[] = [];

beforeEach(async () => {
  clock = new FakeClock();
  log = [];
  broker = new Broker(clock, undefined, LIMITS);
  const services = new ServiceRegistry();
  services.register('/rosapi/get_time', 'rosapi/GetTime', () => ({ ok: true, values: {} })); // what RawClient.sync calls
  server = await listenRosbridge({ host: '127.0.0.1', port: 0, clock, broker, services, log: (l) => log.push(l) });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
  broker.dispose();
});

async function client(): Promise<RawClient> {
  const c = await RawClient.connect(server.url);
  clients.push(c);
  return c;
}

const publish = (topic: string, n: number, bytes: number, latch = false): string =>
  `{"op":"publish","topic":"${topic}","latch":${latch},"msg":{"n":${n},"data":"${'x'.repeat(bytes)}"}}`;

describe('per-client memory budget over the wire', () => {
  it('refuses latches past the client budget and the latch size, logs why, keeps the client', async () => {
    const hog = await client();
    hog.send(publish('/too_big', 0, 80 * KiB, true));
    for (let i = 0; i < 40; i++) hog.send(publish(`/hog${i}`, i, 50 * KiB, true));
    await hog.sync();
    const stats = server.stats();
    expect(stats.retainedBytes).toBeLessThanOrEqual(LIMITS.clientBytes);
    expect(stats.retainedBytes).toBeGreaterThan(4 * 50 * KiB);
    expect(stats.rejectedFrames).toBe(40 - 5 + 1);
    expect(log).toContainEqual(expect.stringMatching(/client 1: rejected frame #2: publish to \/hog5: delivered but not latched: .*past its 262144-byte budget/));
    expect(log).toContainEqual(expect.stringMatching(/publish to \/too_big: delivered but not latched: .*over the 65536-byte latch limit/));
    expect(hog.closeCode).toBeNull();
    const late = await client();
    for (let i = 0; i < 40; i++) late.send({ op: 'subscribe', topic: `/hog${i}` });
    await late.sync();
    expect(late.frames.filter((f) => f.op === 'publish')).toHaveLength(5);
    await hog.close();
    await waitFor(() => server.stats().retainedBytes === 0);
  });

  it('keeps a throttled queue within its byte cap, counts and logs the drops, delivers the newest', async () => {
    const reader = await client(), writer = await client();
    reader.send({ op: 'subscribe', topic: '/slow', throttle_rate: 1000, queue_length: 100_000 });
    await reader.sync();
    for (let i = 0; i < 40; i++) writer.send(publish('/slow', i, 12 * KiB));
    await writer.sync();
    const stats = server.stats();
    expect(stats.retainedBytes).toBeLessThanOrEqual(LIMITS.queueBytes);
    expect(stats.queueDrops).toBe(40 - 1 - 5); // one sent at once, five of ~12 KiB fit in 64 KiB
    expect(log).toContainEqual(expect.stringMatching(/client 1: queue of \/slow over its byte limit: dropped the oldest 1 message/));
    clock.advance(10_000);
    await reader.sync();
    expect(reader.take('/slow').map((f) => (f.msg as { n: number }).n)).toEqual([0, 35, 36, 37, 38, 39]);
    expect(server.stats().retainedBytes).toBe(0);
    expect(reader.closeCode).toBeNull();
  });
});

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
