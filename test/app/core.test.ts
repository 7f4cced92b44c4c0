import * as ROSLIB from 'roslib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src/app/core.ts';
import { startSimulator, type SimHandle } from '../../src/sim/index.ts';
import { keys, makeCore, poseX, sleep, until } from './core-fixture.ts';

type Twist = { linear: { x: number; y: number; z: number }; angular: { x: number; y: number; z: number } };

/** A second ROS node on the simulator, watching what actually reaches /cmd_vel. */
async function watchCmdVel(url: string): Promise<{ msgs: Array<{ at: number; twist: Twist }>; close(): void }> {
  const ros = new ROSLIB.Ros({});
  await new Promise<void>((resolve, reject) => {
    ros.on('connection', () => resolve());
    ros.on('error', () => reject(new Error('watcher could not connect')));
    void ros.connect(url);
  });
  const msgs: Array<{ at: number; twist: Twist }> = [];
  const topic = new ROSLIB.Topic<Twist>({ ros, name: '/cmd_vel', messageType: 'geometry_msgs/Twist' });
  topic.subscribe((twist: Twist) => msgs.push({ at: performance.now(), twist }));
  await sleep(100);
  return { msgs, close: () => ros.close() };
}

describe('AppCore driving the simulator over a real rosbridge socket', () => {
  let core: AppCore | null = null;
  const sims: SimHandle[] = [];
  afterEach(async () => {
    await core?.dispose();
    core = null;
    for (const s of sims.splice(0)) await s.dispose();
  });

  it('drives the rover with the deadman held and sends a zero at once on release', async () => {
    let simUrl = '';
    core = await makeCore(async (o) => {
      const sim = await startSimulator({ ...o, port: 0 });
      simUrl = sim.url;
      return sim;
    });
    await core.connect({ kind: 'sim', world: 'lane', seed: 3 });
    const start = await until(() => core!.state(), (s) => s.link.status === 'connected' && s.pose !== null, 5000, 'connected with a pose');
    const wire = await watchCmdVel(simUrl);

    await core.handle('input', keys({ enable: false }));
    await core.handle('input', keys({ enable: true, forward: 1 }));
    for (let i = 0; i < 30; i++) {
      await sleep(33);
      await core.handle('input', keys({ enable: true, forward: 1 }));
    }
    expect(core.state().driver).toBe('operator');
    const moving = core.state();
    expect(poseX(moving) - poseX(start)).toBeGreaterThan(0.3);
    expect(wire.msgs.length).toBeGreaterThan(20);

    const releasedAt = performance.now();
    await core.handle('input', keys({ enable: false, forward: 1 }));
    await until(() => wire.msgs.at(-1)?.twist.linear.x, (x) => x === 0, 1000, 'a zero twist');
    const zero = wire.msgs.find((m) => m.at >= releasedAt && m.twist.linear.x === 0)!;
    // Sent at once on the release edge (exact timing is proven on a fake clock in test/control).
    expect(zero.at - releasedAt).toBeLessThan(100);
    const countAfterZero = wire.msgs.length;
    await sleep(300);
    // Deadman released, profile 'silence': nothing more is streamed.
    expect(wire.msgs.length).toBe(countAfterZero);
    expect(core.state().driver).toBe('none');
    wire.close();
  });

  it('after the link drops, nothing moves on reconnect until the operator re-arms', async () => {
    const first = await startSimulator({ world: 'lane', seed: 5, port: 0 });
    const port = first.port;
    let current: SimHandle = first;
    core = await makeCore(async () => current);
    await core.connect({ kind: 'sim', world: 'lane', seed: 5 });
    await until(() => core!.state(), (s) => s.link.status === 'connected' && s.pose !== null, 5000, 'connected');

    await first.dispose();
    await until(() => core!.state(), (s) => s.link.status !== 'connected', 5000, 'link down');
    expect(core.state().armed).toBe(false);
    expect(core.state().problems.map((p) => p.key)).toContain('control.disarmed');

    current = await startSimulator({ world: 'lane', seed: 5, port });
    sims.push(current);
    await until(() => core!.state(), (s) => s.link.status === 'connected' && s.pose !== null, 15_000, 'reconnected');
    const wire = await watchCmdVel(current.url);
    const before = poseX(core.state());
    for (let i = 0; i < 15; i++) {
      await core.handle('input', keys({ enable: true, forward: 1 }));
      await sleep(30);
    }
    expect(core.state().armed).toBe(false);
    expect(wire.msgs.every((m) => m.twist.linear.x === 0)).toBe(true);
    expect(Math.abs(poseX(core.state()) - before)).toBeLessThan(0.01);
    // Re-arming with the deadman held is refused; release first, then arm.
    await expect(core.handle('arm', undefined)).rejects.toThrow(/release/i);
    await core.handle('input', keys({ enable: false }));
    await core.handle('arm', undefined);
    expect(core.state().armed).toBe(true);
    for (let i = 0; i < 20; i++) {
      await core.handle('input', keys({ enable: true, forward: 1 }));
      await sleep(30);
    }
    expect(poseX(core.state()) - before).toBeGreaterThan(0.2);
    await core.handle('input', keys({ enable: false }));
    wire.close();
  });

  it('rejects bad calls with errors that name the bad value', async () => {
    core = await makeCore();
    await expect(core.handle('connect', { kind: 'sim', world: 'moon', seed: 1 })).rejects.toThrow(/moon/);
    await expect(core.handle('connect', { kind: 'robot', profile: 'nope' })).rejects.toThrow(/nope/);
    await expect(core.handle('input', { sourceId: 'k', kind: 'keyboard', axes: 'x', buttons: [] })).rejects.toThrow(/axes/);
    await expect(core.handle('saveProfile', { name: 'r', url: 'http://x' })).rejects.toThrow(/url/);
  });
});
