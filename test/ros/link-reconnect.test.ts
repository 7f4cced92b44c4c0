import { describe, it, expect } from 'vitest';
import type { DownInfo } from '../../src/ros/link.ts';
import { connectNow, linkTo, useLinkCleanup } from './link-fixture.ts';
import type { Fixture } from './link-fixture.ts';
import { settle, waitFor } from './wait.ts';

useLinkCleanup();

async function dropAndWait(f: Fixture): Promise<void> {
  f.fake.dropAll();
  await waitFor(() => f.link.state().status === 'reconnecting' && f.link.state().retryInMs !== null, 'the link to notice the drop');
}

describe('RosLink: reconnecting', () => {
  it('fires onDown, backs off, reconnects and re-sends subscribe and advertise exactly once', async () => {
    const f = await linkTo();
    const got: unknown[] = [];
    // One topic both subscribed and advertised: roslib alone would re-send only one of them.
    f.link.subscribe('/loop', 'std_msgs/String', (m) => got.push(m));
    const pub = f.link.advertise('/loop', 'std_msgs/String');
    const downs: DownInfo[] = [];
    let ups = 0;
    f.link.onDown((d) => downs.push(d));
    f.link.onUp(() => ups++);
    await connectNow(f);

    await dropAndWait(f);
    expect(downs).toHaveLength(1);
    expect(downs[0]?.expected).toBe(false);
    expect(f.link.state()).toMatchObject({ attempt: 0, retryInMs: 250 });
    expect(f.link.problems.list().find((p) => p.key === 'link.lost')?.message).toBe(`Connection to ${f.fake.url} lost (close code 1006); reconnecting`);
    expect(pub.publish({ data: 'while down' })).toBe(false);

    f.clock.advance(249);
    await settle();
    expect(f.fake.connectionCount).toBe(1);
    f.clock.advance(1);
    await waitFor(() => ups === 2, 'the second onUp');
    expect(f.link.state()).toMatchObject({ status: 'connected', attempt: 0, retryInMs: null, lastError: null });
    expect(f.link.problems.has('link.lost')).toBe(false);

    expect(pub.publish({ data: 'after' })).toBe(true);
    await waitFor(() => got.length === 1, 'a message on the new connection');
    await settle();
    expect(got).toEqual([{ data: 'after' }]);
    expect(f.fake.framesOf('subscribe', '/loop', 2)).toHaveLength(1);
    expect(f.fake.framesOf('advertise', '/loop', 2)).toHaveLength(1);
    // Nothing published during the outage is replayed.
    expect(f.fake.framesOf('publish', '/loop', 2).map((p) => p.msg)).toEqual([{ data: 'after' }]);
  });

  it('subscriptions made before a failed first attempt are sent once, not twice', async () => {
    const f = await linkTo();
    f.link.subscribe('/odom', 'nav_msgs/msg/Odometry', () => {});
    f.fake.refuse(true);
    f.link.connect(f.fake.url);
    await waitFor(() => f.link.state().status === 'reconnecting', 'the refusal');
    f.fake.refuse(false);
    f.clock.advance(250);
    await waitFor(() => f.fake.framesOf('subscribe', '/odom').length >= 1, 'the subscribe');
    await settle();
    expect(f.fake.framesOf('subscribe', '/odom')).toHaveLength(1);
  });

  it('an unsubscribe while down sends nothing and is not re-sent', async () => {
    const f = await linkTo();
    const off = f.link.subscribe('/a', 'std_msgs/String', () => {});
    f.link.subscribe('/b', 'std_msgs/String', () => {});
    await connectNow(f);
    await dropAndWait(f);
    off();
    f.clock.advance(250);
    await waitFor(() => f.link.isUp, 'up again');
    await waitFor(() => f.fake.framesOf('subscribe', '/b', 2).length === 1, '/b re-sent');
    await settle();
    expect(f.fake.framesOf('subscribe', '/a', 2)).toHaveLength(0);
    expect(f.fake.framesOf('unsubscribe')).toHaveLength(0);
  });

  it('doubles the delay while attempts fail, and starts over after a stable connection', async () => {
    const f = await linkTo({ stableMs: 5000 });
    await connectNow(f);
    f.fake.refuse(true);
    await dropAndWait(f);
    const delays: Array<number | null> = [f.link.state().retryInMs];
    for (let i = 0; i < 5; i++) {
      const attempts = f.link.state().attempt;
      f.clock.advance(f.link.state().retryInMs ?? 0);
      await waitFor(() => f.link.state().attempt === attempts + 1 && f.link.state().retryInMs !== null, `failure ${i + 1}`);
      delays.push(f.link.state().retryInMs);
    }
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000]);
    expect(f.link.state().attempt).toBe(5);

    f.fake.refuse(false);
    f.clock.advance(5000);
    await waitFor(() => f.link.isUp, 'up');
    // Dropped before it was stable: the backoff goes on where it was.
    await dropAndWait(f);
    expect(f.link.state().retryInMs).toBe(5000);
    f.clock.advance(5000);
    await waitFor(() => f.link.isUp, 'up again');
    f.clock.advance(5000);
    await dropAndWait(f);
    expect(f.link.state().retryInMs).toBe(250);
  });

  it('connect() to the same URL while waiting retries at once', async () => {
    const f = await linkTo();
    await connectNow(f);
    await dropAndWait(f);
    f.link.connect(f.fake.url);
    await waitFor(() => f.link.isUp, 'up without advancing the clock');
    expect(f.fake.connectionCount).toBe(2);
  });

  it('switching to another URL is an expected down and a fresh start', async () => {
    const f = await linkTo();
    const g = await linkTo();
    const downs: DownInfo[] = [];
    f.link.onDown((d) => downs.push(d));
    f.link.subscribe('/x', 'std_msgs/String', () => {});
    await connectNow(f);
    f.link.connect(g.fake.url);
    await waitFor(() => f.link.isUp, 'up on the second server');
    expect(downs.map((d) => d.expected)).toEqual([true]);
    await waitFor(() => g.fake.framesOf('subscribe', '/x').length === 1, 'the subscribe on the second server');
    await settle();
    expect(g.fake.framesOf('subscribe', '/x')).toHaveLength(1);
    await waitFor(() => f.fake.connections().length === 0, 'the first server to see the close');
  });
});
