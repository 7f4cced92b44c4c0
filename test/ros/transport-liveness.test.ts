import { describe, it, expect, afterEach } from 'vitest';
import { LinkStalledError, openWsTransport } from '../../src/ros/transport.ts';
import type { CloseInfo, WsTransport, WsTransportOptions } from '../../src/ros/transport.ts';
import { RosLink } from '../../src/ros/link.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { RosbridgeFake } from '../fakes/rosbridge-fake.ts';
import { settle, waitFor } from './wait.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Open {
  fake: RosbridgeFake;
  clock: FakeClock;
  t: WsTransport;
  closes: CloseInfo[];
}

async function openOne(options: Partial<WsTransportOptions> = {}): Promise<Open> {
  const fake = await RosbridgeFake.start();
  cleanups.push(() => fake.close());
  const clock = new FakeClock();
  const t = openWsTransport(fake.url, { clock, ...options });
  cleanups.push(() => t.terminate());
  const closes: CloseInfo[] = [];
  t.on('close', (c) => closes.push(c as CloseInfo));
  let open = false;
  t.on('open', () => { open = true; });
  await waitFor(() => open, 'open');
  return { fake, clock, t, closes };
}

/** Advances the clock one ping period and lets the ping and its pong travel (real time). */
async function onePeriod(o: Open, ms = 250): Promise<void> {
  const received = o.fake.pings.received;
  o.clock.advance(ms);
  await waitFor(() => o.fake.pings.received === received + 1, 'the next ping');
  await waitFor(() => o.fake.pings.answered === o.fake.pings.received, 'its pong');
  await settle(10);
}

describe('WsTransport: liveness', () => {
  it('pings every period while open, and answered pings keep it open', async () => {
    const o = await openOne();
    await waitFor(() => o.fake.pings.received === 1, 'the first ping, at open');
    for (let i = 0; i < 12; i++) await onePeriod(o);
    expect(o.fake.pings.received).toBe(13);
    expect(o.t.isOpen()).toBe(true);
    expect(o.t.failure).toBeNull();
  });

  it('resets a connection whose server stays silent for the stall timeout, on the injected clock', async () => {
    const o = await openOne();
    o.fake.answerPings(false);
    o.clock.advance(999);
    expect(o.t.isOpen()).toBe(true);
    o.clock.advance(1);
    // Refused at once, before the socket even reports the close: nothing more goes out.
    expect(o.t.isOpen()).toBe(false);
    o.t.send({ op: 'publish', topic: '/cmd_vel', msg: { linear: { x: 1 } } });
    await waitFor(() => o.closes.length === 1, 'the close');
    expect(o.closes[0]?.code).toBe(1006);
    expect(o.t.failure).toBeInstanceOf(LinkStalledError);
    expect(o.t.failure?.message).toBe('no answer from the server for 1.0 s (link stalled)');
    await waitFor(() => o.fake.connections().length === 0, 'the server to see the reset');
    expect(o.fake.framesOf('publish')).toHaveLength(0);
  });

  it('counts any frame from the server as an answer', async () => {
    const o = await openOne({ stallTimeoutMs: 600, pingIntervalMs: 200 });
    o.fake.answerPings(false);
    let frames = 0;
    o.t.on('message', () => frames++);
    for (let i = 1; i <= 8; i++) {
      o.clock.advance(400);
      o.fake.sendRaw(JSON.stringify({ op: 'publish', topic: '/odom', msg: {} }));
      await waitFor(() => frames === i, `frame ${i}`);
    }
    expect(o.t.isOpen()).toBe(true);
    o.clock.advance(600);
    await waitFor(() => o.closes.length === 1, 'the close once frames stop');
    expect(o.t.failure?.message).toBe('no answer from the server for 0.6 s (link stalled)');
  });

  it('stallTimeoutMs 0 turns pings and stall detection off', async () => {
    const o = await openOne({ stallTimeoutMs: 0 });
    o.fake.answerPings(false);
    o.clock.advance(10_000);
    await settle(30);
    expect(o.fake.pings.received).toBe(0);
    expect(o.t.isOpen()).toBe(true);
  });

  it('rejects settings that would stall a healthy link', () => {
    const clock = new FakeClock();
    expect(() => new RosLink({ clock, stallTimeoutMs: 200 })).toThrow('stallTimeoutMs (200) must be longer than pingIntervalMs (250)');
    expect(() => new RosLink({ clock, pingIntervalMs: 0 })).toThrow('pingIntervalMs must be a finite number > 0, got 0');
    expect(() => new RosLink({ clock, stallTimeoutMs: -1 })).toThrow(RangeError);
    expect(() => new RosLink({ clock, maxBacklogBytes: Number.NaN })).toThrow('maxBacklogBytes');
  });
});
