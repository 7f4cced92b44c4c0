import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/base/clock.ts';
import { Broker } from '../../src/sim/bridge/broker.ts';
import type { OutFrame, Peer } from '../../src/sim/bridge/peer.ts';
import { startLoop } from '../../src/sim/loop.ts';
import { SimNode } from '../../src/sim/sim-node.ts';
import { stampOf } from '../../src/sim/world/ros-shapes.ts';
import { FakeClock } from '../fakes/fake-clock.ts';

class CapturePeer implements Peer {
  readonly frames: Array<{ topic: string; msg: Record<string, unknown> }> = [];
  constructor(readonly id: number) {}
  send(frame: OutFrame): void {
    this.frames.push(JSON.parse(frame.text) as { topic: string; msg: Record<string, unknown> });
  }
  close(): void {}
  count(topic: string): number {
    return this.frames.filter((f) => f.topic === topic).length;
  }
}

function setup(world: 'lane' | 'forest' = 'lane') {
  const broker = new Broker(new FakeClock());
  const node = new SimNode(broker, world, 1, 1, () => {});
  const peer = new CapturePeer(1);
  const steps = (seconds: number): void => { for (let i = 0; i < Math.round(seconds / 0.005); i++) node.step(); };
  const x = (): number => node.current.odometry().pose.pose.position.x;
  const cmd = (vx: number): void => { broker.publish(peer, '/cmd_vel', { linear: { x: vx, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }); };
  return { broker, node, peer, steps, x, cmd };
}

describe('SimNode', () => {
  it('drives on /cmd_vel and stops after 0.5 s of silence, like diff_drive_controller', () => {
    const { node, steps, x, cmd } = setup();
    cmd(1);
    steps(0.4);
    expect(x()).toBeGreaterThan(0.05);
    cmd(1); // refreshed in time: keeps going
    steps(0.4);
    expect(node.current.odometry().twist.twist.linear.x).toBeGreaterThan(0.9);
    steps(3);
    expect(node.current.odometry().twist.twist.linear.x).toBe(0);
    const stopped = x();
    steps(1);
    expect(x()).toBe(stopped);
    // 0.8 s of command then 0.5 s of grace and braking: well short of 3 s at 1 m/s.
    expect(stopped).toBeLessThan(1.7);
  });

  it('ignores a /cmd_vel with a non-number field and accepts TwistStamped', () => {
    const { broker, peer, node, steps, x } = setup();
    broker.publish(peer, '/cmd_vel', { linear: { x: null, y: 0, z: 0 }, angular: { z: 0 } });
    steps(0.5);
    expect(x()).toBe(0);
    broker.publish(peer, '/cmd_vel', { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, twist: { linear: { x: 1 }, angular: {} } });
    steps(0.3);
    expect(x()).toBeGreaterThan(0);
    expect(node.current.status().collisions).toBe(0);
  });

  it('publishes odom and clock at 50 Hz and scan at 10 Hz of sim time, only to subscribers', () => {
    const { broker, peer, steps } = setup();
    for (const t of ['/odom', '/scan', '/clock']) broker.subscribe(peer, t, t, '', undefined, 0, 0);
    steps(1);
    expect(peer.count('/odom')).toBe(50);
    expect(peer.count('/clock')).toBe(50);
    expect(peer.count('/scan')).toBe(10);
    const odom = peer.frames.filter((f) => f.topic === '/odom').at(-1)?.msg;
    expect(odom).toMatchObject({ header: { stamp: { sec: 1, nanosec: 0 }, frame_id: 'odom' }, child_frame_id: 'base_link' });
    expect(peer.frames.filter((f) => f.topic === '/clock').at(-1)?.msg).toEqual({ clock: { sec: 1, nanosec: 0 } });
  });

  it('publishes /sim/status as JSON, at once when a departure happens', () => {
    const { broker, node, peer } = setup();
    broker.subscribe(peer, '/sim/status', '/sim/status', '', undefined, 0, 0);
    node.tick(0);
    const first = JSON.parse(String(peer.frames.at(-1)?.msg.data)) as Record<string, unknown>;
    expect(first).toMatchObject({ world: 'lane', seed: 1, time: 0, paused: false, collisions: 0, departures: 0, offRoad: false });
    broker.publish(peer, '/cmd_vel', { linear: { x: 1 }, angular: { z: 1.5 } });
    const before = peer.count('/sim/status');
    for (let i = 0; i < 2000 && node.current.status().departures === 0; i++) {
      if (i % 50 === 0) broker.publish(peer, '/cmd_vel', { linear: { x: 1.5 }, angular: { z: i < 200 ? 1.5 : 0 } });
      node.step();
    }
    expect(node.current.status().departures).toBe(1);
    expect(peer.count('/sim/status')).toBe(before + 1);
    expect(JSON.parse(String(peer.frames.at(-1)?.msg.data))).toMatchObject({ departures: 1, offRoad: true });
  });

  it('latches the world markers, and republishes them on reset and world change', () => {
    const { broker, node, peer } = setup();
    broker.subscribe(peer, '/world/markers', '/world/markers', '', undefined, 0, 0);
    expect(peer.count('/world/markers')).toBe(1);
    node.setWorld('forest', 3);
    expect(peer.count('/world/markers')).toBe(2);
    const markers = peer.frames.at(-1)?.msg.markers as Array<{ ns: string; action: number }>;
    expect(markers[0]?.action).toBe(3); // DELETEALL first, so viewers drop the lane
    expect(markers.some((m) => m.ns === 'trees')).toBe(true);
    expect(node.current.name).toBe('forest');
  });
});

describe('stampOf', () => {
  it('never produces nanosec = 1e9 from floating-point sim time', () => {
    expect(stampOf(2.9999999999999996)).toEqual({ sec: 3, nanosec: 0 });
    expect(stampOf(1.25)).toEqual({ sec: 1, nanosec: 250_000_000 });
  });
});

describe('startLoop', () => {
  it('steps at speed x real time on the injected clock', () => {
    const clock = new FakeClock();
    let steps = 0;
    const stop = startLoop({ clock, speed: 10, dtS: 0.005 }, { paused: () => false, step: () => steps++, tick: () => {} });
    clock.advance(1000);
    expect(steps).toBeGreaterThanOrEqual(1999);
    expect(steps).toBeLessThanOrEqual(2000);
    stop();
    clock.advance(1000);
    expect(steps).toBeLessThanOrEqual(2000);
    expect(clock.pending()).toBe(0);
  });

  it('does not step while paused', () => {
    const clock = new FakeClock();
    let steps = 0;
    let paused = true;
    const stop = startLoop({ clock, speed: 1, dtS: 0.005 }, { paused: () => paused, step: () => steps++, tick: () => {} });
    clock.advance(500);
    expect(steps).toBe(0);
    paused = false;
    clock.advance(500);
    expect(steps).toBeGreaterThan(95);
    stop();
  });

  it('catches up after a stall within its lag limit, not in an unbounded burst', () => {
    let now = 0;
    let wake: (() => void) | null = null;
    const clock: Clock = { now: () => now, wallMs: () => now, setTimeout: (fn) => { wake = fn; return () => { wake = null; }; } };
    let steps = 0;
    const stop = startLoop({ clock, speed: 1, dtS: 0.005, maxLagMs: 250 }, { paused: () => false, step: () => steps++, tick: () => {} });
    now = 10_000; // the process stalled for 10 s
    (wake as (() => void) | null)?.();
    expect(steps).toBe(50);
    stop();
  });
});
