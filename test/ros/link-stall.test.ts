import { describe, it, expect } from 'vitest';
import type { Clock } from '../../src/base/clock.ts';
import { RosLink } from '../../src/ros/link.ts';
import type { DownInfo, RosLinkOptions } from '../../src/ros/link.ts';
import { openWsTransport } from '../../src/ros/transport.ts';
import type { WsTransport } from '../../src/ros/transport.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { RosbridgeFake } from '../fakes/rosbridge-fake.ts';
import { TcpProxy } from '../fakes/rosbridge-proxy.ts';
import { track, useLinkCleanup } from './link-fixture.ts';
import { settle, waitFor } from './wait.ts';

useLinkCleanup();
const TWIST = 'geometry_msgs/Twist';

/** A link to the fake server through a proxy that can freeze; not yet connected. */
async function viaProxy(clock: Clock, options: Partial<RosLinkOptions> = {}): Promise<{ fake: RosbridgeFake; proxy: TcpProxy; link: RosLink }> {
  const fake = await RosbridgeFake.start();
  track(() => fake.close());
  const proxy = await TcpProxy.start(fake.port);
  track(() => proxy.close());
  const link = new RosLink({ clock, backoff: { random: () => 0.5 }, ...options });
  track(() => link.dispose());
  return { fake, proxy, link };
}

function twist(x: number): object {
  return { linear: { x, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0.3 } };
}

function commandsAt(fake: RosbridgeFake): number[] {
  return fake.framesOf('publish', '/cmd_vel').map((f) => (f.msg as { linear: { x: number } }).linear.x);
}

describe('RosLink: a link that stalls without closing', () => {
  it('is reported down within the stall timeout, and commands from the stall never arrive', async () => {
    // Real sockets, fake time: a loaded machine delays timers, not the verdict.
    const clock = new FakeClock();
    const { fake, proxy, link } = await viaProxy(clock);
    const cmd = link.advertise('/cmd_vel', TWIST, { dropWhenBacklogged: true });
    const downs: DownInfo[] = [];
    link.onDown((d) => downs.push(d));
    link.connect(proxy.url);
    await waitFor(() => link.isUp, 'up through the proxy');
    for (const x of [1, 2, 3]) expect(cmd.publish(twist(x))).toBe(true);
    await waitFor(() => commandsAt(fake).length === 3, 'the first commands');

    proxy.freeze();
    // Driving on at 50 Hz, as the control loop would, while the link is silently gone.
    let x = 100;
    const accepted: number[] = [];
    const drive = async (ms: number): Promise<void> => {
      for (let t = 0; t < ms; t += 20) {
        clock.advance(20);
        if (cmd.publish(twist(++x))) accepted.push(x);
        await settle(1);
      }
    };
    await drive(980);
    await settle(100);
    expect(downs).toHaveLength(0);
    // The socket took them (its buffer was not full): only the reset keeps them from the robot.
    expect(accepted).toHaveLength(49);
    await drive(40);
    await waitFor(() => downs.length === 1, 'onDown');
    expect(downs[0]).toEqual({ expected: false, reason: `Connection to ${proxy.url} lost (no answer from the server for 1.0 s (link stalled))` });
    expect(link.state().status).toBe('reconnecting');
    expect(link.problems.list().find((p) => p.key === 'link.lost')?.message).toContain('link stalled');
    for (let i = 0; i < 5; i++) expect(cmd.publish(twist(500 + i))).toBe(false);

    proxy.unfreeze();
    for (let i = 0; i < 100 && !link.isUp; i++) {
      clock.advance(50);
      await settle(10);
    }
    await waitFor(() => link.isUp, 'up again after the network returns');
    expect(cmd.publish(twist(999))).toBe(true);
    await waitFor(() => commandsAt(fake).includes(999), 'the fresh command');
    await settle(100);
    expect(commandsAt(fake)).toEqual([1, 2, 3, 999]);
    expect(fake.framesOf('publish', '/cmd_vel', 1)).toHaveLength(3);
  });

  it('nothing handed over while the socket closes is sent later', async () => {
    const fake = await RosbridgeFake.start();
    track(() => fake.close());
    const clock = new FakeClock();
    const opened: WsTransport[] = [];
    const link = new RosLink({
      clock, backoff: { random: () => 0.5 }, stallTimeoutMs: 0,
      openTransport: (url) => {
        const t = openWsTransport(url, { clock, stallTimeoutMs: 0 });
        opened.push(t);
        return t;
      },
    });
    track(() => link.dispose());
    const cmd = link.advertise('/cmd_vel', TWIST, { dropWhenBacklogged: true });
    const plain = link.advertise('/chatter', 'std_msgs/String');
    link.connect(fake.url);
    await waitFor(() => link.isUp, 'up');
    opened[0]?.terminate();
    // Still bound (the close event has not run yet), but the socket is no longer open.
    expect(link.isUp).toBe(true);
    expect(cmd.publish(twist(5))).toBe(false);
    expect(plain.publish({ data: 'late' })).toBe(false);
    await waitFor(() => link.state().status === 'reconnecting', 'the drop');
    clock.advance(250);
    await waitFor(() => link.isUp, 'up again');
    expect(cmd.publish(twist(6))).toBe(true);
    await waitFor(() => commandsAt(fake).length === 1, 'the new command');
    await settle(50);
    expect(commandsAt(fake)).toEqual([6]);
    expect(fake.framesOf('publish', '/chatter')).toHaveLength(0);
  });
});

describe('RosLink: commands in front of a slow consumer', () => {
  it('drops and counts commands while the socket is backlogged, and keeps other topics queued', async () => {
    const clock = new FakeClock();
    const { fake, proxy, link } = await viaProxy(clock, { stallTimeoutMs: 0 });
    const cmd = link.advertise('/cmd_vel', TWIST, { dropWhenBacklogged: true });
    const bulk = link.advertise('/bulk', 'std_msgs/String');
    link.connect(proxy.url);
    await waitFor(() => link.isUp && fake.framesOf('advertise').length === 2, 'up and advertised');

    proxy.slowConsumer(true);
    const big = { data: 'x'.repeat(256 * 1024) };
    const accepted: number[] = [];
    let bulkSent = 0;
    let refused = false;
    for (let i = 1; i <= 200 && !refused; i++) {
      expect(bulk.publish(big)).toBe(true);
      bulkSent++;
      if (cmd.publish(twist(i))) accepted.push(i);
      else refused = true;
    }
    expect(refused).toBe(true);
    for (let i = 0; i < 5; i++) expect(cmd.publish(twist(1000 + i))).toBe(false);
    expect(link.droppedCommands).toBe(6);
    expect(link.problems.has('link.backlog:/cmd_vel')).toBe(true);
    expect(bulk.publish(big)).toBe(true);
    bulkSent++;

    proxy.slowConsumer(false);
    await waitFor(() => fake.framesOf('publish', '/bulk').length === bulkSent, 'the queued bulk messages', 10_000);
    expect(cmd.publish(twist(2000))).toBe(true);
    await waitFor(() => commandsAt(fake).includes(2000), 'a command once the backlog is gone');
    expect(commandsAt(fake)).toEqual([...accepted, 2000]);
    // The warning stays until commands have flowed for a second, then goes.
    expect(link.problems.has('link.backlog:/cmd_vel')).toBe(true);
    clock.advance(1000);
    expect(cmd.publish(twist(2001))).toBe(true);
    expect(link.problems.has('link.backlog:/cmd_vel')).toBe(false);
    expect(link.droppedCommands).toBe(6);
  });
});
