import { describe, expect, it } from 'vitest';
import { Broker } from '../../src/sim/bridge/broker.ts';
import { bridgeLimits, DEFAULT_LIMITS, type BridgeLimits } from '../../src/sim/bridge/budget.ts';
import { FragmentAssembler } from '../../src/sim/bridge/fragments.ts';
import type { OutFrame, Peer } from '../../src/sim/bridge/peer.ts';
import { FakeClock } from '../fakes/fake-clock.ts';

const KiB = 1024;

class CapturePeer implements Peer {
  readonly got: Array<{ topic: string; n: number }> = [];
  readonly notes: string[] = [];
  constructor(readonly id: number) {}
  send(frame: OutFrame): void {
    const f = JSON.parse(frame.text) as { topic: string; msg: { n: number } };
    this.got.push({ topic: f.topic, n: f.msg.n });
  }
  close(): void {}
  note(line: string): void {
    this.notes.push(line);
  }
}

/** A message whose JSON text is about `bytes` long. */
const big = (n: number, bytes: number) => ({ n, data: 'x'.repeat(bytes) });

function setup(limits: Partial<BridgeLimits>) {
  const clock = new FakeClock();
  const broker = new Broker(clock, undefined, limits);
  return { clock, broker, pub: new CapturePeer(1), sub: new CapturePeer(2) };
}

describe('per-client memory budget', () => {
  it('caps one subscription queue in bytes, dropping the oldest, however long queue_length is', () => {
    const { clock, broker, pub, sub } = setup({ queueBytes: 64 * KiB });
    broker.subscribe(sub, '/big', '/big', '', undefined, 1000, 100_000);
    for (let i = 0; i < 200; i++) {
      broker.publish(pub, '/big', big(i, 10 * KiB));
      expect(broker.memory().retainedBytes).toBeLessThanOrEqual(64 * KiB);
    }
    const { queueDrops } = broker.memory();
    expect(queueDrops).toBeGreaterThan(180);
    expect(sub.notes[0]).toMatch(/queue of \/big over its byte limit: dropped the oldest 1 message/);
    clock.advance(1000 * 1000);
    // The first went out at once; the queue held the newest six (six times 10 KiB fit in 64).
    expect(sub.got.map((g) => g.n)).toEqual([0, 194, 195, 196, 197, 198, 199]);
    expect(queueDrops).toBe(200 - 7);
    expect(broker.memory().retainedBytes).toBe(0);
  });

  it('caps the sum of one client\'s queues, and gives the bytes back on unsubscribe and disconnect', () => {
    const { broker, pub, sub } = setup({ clientBytes: 100 * KiB, queueBytes: 80 * KiB });
    const other = new CapturePeer(3);
    for (const t of ['/a', '/b', '/c']) {
      broker.subscribe(sub, t, t, '', undefined, 60_000, 1000);
      broker.subscribe(other, t, t, '', undefined, 60_000, 1000);
    }
    for (let i = 0; i < 50; i++) for (const t of ['/a', '/b', '/c']) broker.publish(pub, t, big(i, 10 * KiB));
    const held = broker.memory().retainedBytes;
    // Each client is held to its own 100 KiB, whatever the other does.
    expect(held).toBeLessThanOrEqual(200 * KiB);
    expect(held).toBeGreaterThan(150 * KiB);
    broker.unsubscribe(sub, '/a', '/a', undefined);
    broker.unsubscribe(sub, '/b', '/b', undefined);
    broker.unsubscribe(sub, '/c', '/c', undefined);
    expect(broker.memory().retainedBytes).toBeLessThanOrEqual(100 * KiB);
    broker.dropPeer(other);
    expect(broker.memory().retainedBytes).toBe(0);
  });

  it('sends a message bigger than the queue cap when nothing waits ahead of it', () => {
    const { broker, pub, sub } = setup({ queueBytes: 4 * KiB });
    broker.subscribe(sub, '/big', '/big', '', undefined, 100, 10);
    broker.publish(pub, '/big', big(1, 8 * KiB));
    expect(sub.got.map((g) => g.n)).toEqual([1]);
    broker.publish(pub, '/big', big(2, 8 * KiB)); // inside the window: too big to wait
    expect(broker.memory()).toEqual({ retainedBytes: 0, queueDrops: 1 });
  });

  it('refuses a latch over the size limit or the client\'s budget, still delivering it live', () => {
    const { broker, pub, sub } = setup({ clientBytes: 100 * KiB, latchBytes: 40 * KiB });
    broker.subscribe(sub, '/huge', '/huge', '', undefined, 0, 0);
    const huge = broker.publish(pub, '/huge', big(0, 50 * KiB), true);
    expect(huge).toEqual({ ok: false, error: expect.stringMatching(/publish to \/huge: delivered but not latched: .* over the 40960-byte latch limit/) });
    expect(sub.got).toEqual([{ topic: '/huge', n: 0 }]);
    const results = Array.from({ length: 40 }, (_, i) => broker.publish(pub, `/t${i}`, big(i, 30 * KiB), true));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results[3]).toEqual({ ok: false, error: expect.stringMatching(/past its 102400-byte budget/) });
    expect(broker.memory().retainedBytes).toBeLessThanOrEqual(100 * KiB);
    // Replacing one's own latch frees the old one first.
    expect(broker.publish(pub, '/t0', big(100, 30 * KiB), true)).toEqual({ ok: true });
    const late = new CapturePeer(4);
    for (let i = 0; i < 40; i++) broker.subscribe(late, `/t${i}`, `/t${i}`, '', undefined, 0, 0);
    expect(late.got.map((g) => g.n)).toEqual([100, 1, 2]);
    broker.dropPeer(pub);
    expect(broker.memory().retainedBytes).toBe(0);
  });

  it('a refused latch forgets the one it replaces; the simulator\'s own latches are not counted', () => {
    const { broker, pub } = setup({ latchBytes: 10 * KiB });
    broker.publish(pub, '/map', big(1, 1 * KiB), true);
    expect(broker.publish(pub, '/map', big(2, 20 * KiB), true).ok).toBe(false);
    const late = new CapturePeer(4);
    broker.subscribe(late, '/map', '/map', '', undefined, 0, 0);
    expect(late.got).toEqual([]);
    expect(broker.publish(null, '/world', big(3, 20 * KiB), true)).toEqual({ ok: true });
    broker.subscribe(late, '/world', '/world', '', undefined, 0, 0);
    expect(late.got.map((g) => g.n)).toEqual([3]);
    expect(broker.memory().retainedBytes).toBe(0);
  });

  it('has the documented defaults and names a bad limit', () => {
    expect(bridgeLimits()).toEqual({ clientBytes: 64 * 1024 * KiB, latchBytes: 4 * 1024 * KiB, queueBytes: 16 * 1024 * KiB });
    expect(DEFAULT_LIMITS.clientBytes).toBe(64 * 1024 * KiB);
    expect(() => new Broker(new FakeClock(), undefined, { latchBytes: -1 })).toThrow(/latchBytes.*-1/);
  });
});

describe('FragmentAssembler', () => {
  it('holds no more than the frame limit across all partial messages', () => {
    const a = new FragmentAssembler(100 * KiB, 8);
    const piece = 'x'.repeat(30 * KiB);
    for (let id = 0; id < 8; id++) {
      expect(a.add(`m${id}`, 0, 4, piece)).toBeNull();
      expect(a.held).toBeLessThanOrEqual(100 * KiB);
    }
    // The oldest partials gave way; the newest can still complete.
    expect(a.add('m7', 1, 4, piece)).toBeNull();
    expect(a.add('m7', 2, 4, piece)).toBeNull();
    expect(a.held).toBe(90 * KiB);
    const done = a.add('m7', 3, 4, 'y');
    expect(done && 'text' in done && done.text.length).toBe(90 * KiB + 1);
    expect(a.held).toBe(0);
  });
});
