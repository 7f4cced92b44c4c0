import { describe, it, expect } from 'vitest';
import { systemClock } from '../../src/base/clock.ts';
import { RosHealth } from '../../src/ros/health.ts';
import type { HealthOptions } from '../../src/ros/health.ts';
import { connectNow, linkTo, track, useLinkCleanup } from './link-fixture.ts';
import type { Fixture } from './link-fixture.ts';
import { waitFor } from './wait.ts';

useLinkCleanup();
const PING = '/intervene/ping';

async function monitored(options: Partial<HealthOptions> = {}, f?: Fixture): Promise<Fixture & { health: RosHealth }> {
  const fx = f ?? (await linkTo());
  const health = new RosHealth(fx.link, { clock: fx.clock, nonce: 'n0nce', ...options });
  track(() => health.dispose());
  await connectNow(fx);
  await waitFor(() => fx.fake.framesOf('subscribe', PING).length === 1 && fx.fake.framesOf('advertise', PING).length === 1, 'ping topic set up');
  return { ...fx, health };
}

/** Lets one held ping through after `rttMs` of link-clock time. */
async function pingWithRtt(f: Fixture & { health: RosHealth }, rttMs: number): Promise<void> {
  const before = f.fake.framesOf('publish', PING).length;
  const answered = f.health.rtt().sent - f.health.rtt().lost;
  f.clock.advance(1000 - (f.clock.now() % 1000));
  await waitFor(() => f.fake.framesOf('publish', PING).length === before + 1, 'a ping to reach the server');
  f.clock.advance(rttMs);
  f.fake.release(PING);
  f.fake.hold(PING);
  await waitFor(() => f.health.rtt().lastMs === rttMs && f.health.rtt().sent - f.health.rtt().lost >= answered, `the echo after ${rttMs} ms`);
}

describe('RosHealth: round-trip time', () => {
  it('times publish -> delivery of its own ping, and reports the median', async () => {
    const f = await monitored();
    f.fake.hold(PING);
    await pingWithRtt(f, 37);
    expect(f.fake.framesOf('publish', PING)[0]?.msg).toEqual({ data: 'n0nce 1' });
    await pingWithRtt(f, 10);
    expect(f.health.rtt()).toMatchObject({ lastMs: 10, p50Ms: 10 });
    await pingWithRtt(f, 25);
    expect(f.health.rtt()).toEqual({ lastMs: 25, p50Ms: 25, sent: 3, lost: 0 });
    expect(f.health.snapshot()).toMatchObject({ status: 'connected', url: f.fake.url, rttMs: 25, attempt: 0, lastError: null });
  });

  it('ignores pings of another client on the same bridge', async () => {
    const f = await monitored();
    f.fake.hold(PING);
    f.clock.advance(1000);
    await waitFor(() => f.fake.framesOf('publish', PING).length === 1, 'our ping');
    f.fake.release(PING);
    f.fake.publish(PING, { data: 'other 1' });
    f.fake.publish(PING, { data: 42 });
    await waitFor(() => f.health.rtt().lastMs !== null, 'our echo');
    // Both foreign messages came after ours and changed nothing.
    expect(f.health.rtt()).toMatchObject({ lastMs: 0, sent: 1 });
  });

  it('warns when the median is slow, and when pings go unanswered', async () => {
    const f = await monitored({ slowRttMs: 200 });
    f.fake.hold(PING);
    await pingWithRtt(f, 300);
    expect(f.link.problems.list().find((p) => p.key === 'link.rtt')?.message).toContain('300 ms');

    f.fake.lose(PING);
    for (let i = 0; i < 6; i++) f.clock.advance(1000);
    expect(f.health.rtt().lost).toBe(3);
    expect(f.link.problems.has('link.ping')).toBe(true);
    await waitFor(() => f.fake.framesOf('publish', PING).length === 7, 'the lost pings to reach the server');

    f.fake.lose(PING, false);
    f.fake.release(PING);
    f.clock.advance(1000 - (f.clock.now() % 1000));
    await waitFor(() => !f.link.problems.has('link.ping'), 'the warning to clear on an answer');
    expect(f.link.problems.has('link.rtt')).toBe(false);
  });

  it('measures a real delay on the real clock', async () => {
    const fx = await linkTo({ clock: systemClock });
    fx.fake.delay(PING, 30);
    const f = await monitored({ clock: systemClock, pingIntervalMs: 20 }, fx);
    await waitFor(() => (f.health.rtt().sent - f.health.rtt().lost) >= 3 && f.health.rtt().p50Ms !== null, 'three echoes');
    const { p50Ms } = f.health.rtt();
    expect(p50Ms).toBeGreaterThanOrEqual(29);
    expect(p50Ms).toBeLessThan(500);
  });
});

describe('RosHealth: topics', () => {
  it('reports rate, age and staleness per subscribed or watched topic, without the ping', async () => {
    const f = await monitored();
    f.link.subscribe('/odom', 'nav_msgs/Odometry', () => {});
    f.health.watch('/scan', 10);
    await waitFor(() => f.fake.framesOf('subscribe', '/odom').length === 1, 'odom subscribed');
    let delivered = 0;
    f.link.onDelivery((t) => { if (t === '/odom') delivered++; });
    for (let i = 1; i <= 5; i++) {
      f.fake.publish('/odom', { i });
      await waitFor(() => delivered === i, `odom ${i}`);
      if (i < 5) f.clock.advance(100);
    }
    f.clock.advance(100);
    const [odom, scan, ...rest] = f.health.topics();
    expect(rest).toEqual([]);
    expect(odom?.topic).toBe('/odom');
    expect(odom?.rateHz).toBeCloseTo(10, 5);
    expect(odom?.ageS).toBeCloseTo(0.1, 5);
    expect(odom?.stale).toBe(false);
    expect(scan).toEqual({ topic: '/scan', rateHz: 0, ageS: null, stale: false });

    f.clock.advance(1000);
    expect(f.health.topics().map((t) => [t.topic, t.stale])).toEqual([['/odom', true], ['/scan', true]]);
    expect(f.health.snapshot().topics).toHaveLength(2);
  });

  it('after a drop everything is stale and the RTT is unknown', async () => {
    const f = await monitored();
    f.link.subscribe('/odom', 'nav_msgs/Odometry', () => {});
    f.fake.hold(PING);
    await pingWithRtt(f, 5);
    f.fake.dropAll();
    await waitFor(() => !f.link.isUp, 'the drop');
    expect(f.health.rtt().p50Ms).toBeNull();
    expect(f.health.topics().every((t) => t.stale)).toBe(true);
    expect(f.health.snapshot()).toMatchObject({ status: 'reconnecting', rttMs: null, retryInMs: 250 });
  });
});
