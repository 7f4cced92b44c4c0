import * as ROSLIB from 'roslib';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../../src/sim/index.ts';

describe('simulator expert and route topics', () => {
  let sim: SimHandle | null = null;
  afterEach(async () => {
    await sim?.dispose();
    sim = null;
  });

  it('publishes the expert command and route features to any rosbridge client', async () => {
    sim = await startSimulator({ world: 'lane', seed: 2, port: 0 });
    const ros = new ROSLIB.Ros({});
    await new Promise<void>((resolve, reject) => {
      ros.on('connection', () => resolve());
      ros.on('error', () => reject(new Error('no connection')));
      void ros.connect(sim!.url);
    });
    const expert: number[] = [];
    const route: number[][] = [];
    new ROSLIB.Topic<{ linear: { x: number } }>({ ros, name: '/sim/expert', messageType: 'geometry_msgs/Twist' })
      .subscribe((m: { linear: { x: number } }) => expert.push(m.linear.x));
    new ROSLIB.Topic<{ data: number[] }>({ ros, name: '/sim/route', messageType: 'std_msgs/Float32MultiArray' })
      .subscribe((m: { data: number[] }) => route.push(m.data));
    await new Promise((r) => setTimeout(r, 400));
    ros.close();
    expect(expert.length).toBeGreaterThan(5);
    // At the start of the road the expert drives forward.
    expect(expert.at(-1)).toBeGreaterThan(0);
    expect(route.at(-1)).toHaveLength(3);
  });
});
