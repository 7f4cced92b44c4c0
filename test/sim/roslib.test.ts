import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSLIB, type Ros } from './roslib.ts';
import { parseOdometry, type Twist } from '../../src/ros/messages.ts';
import { startSimulator, type SimHandle } from '../../src/sim/index.ts';

let sim: SimHandle;
let ros: Ros;

beforeAll(async () => {
  sim = await startSimulator({ world: 'lane', seed: 2, port: 0, speed: 4 });
  ros = new ROSLIB.Ros({});
  const connected = new Promise<void>((resolve, reject) => {
    ros.on('connection', () => resolve());
    ros.on('error', () => reject(new Error('roslib could not connect')));
  });
  await ros.connect(sim.url);
  await connected;
});

afterAll(async () => {
  ros.close();
  await sim.dispose();
});

function until<T>(what: string, check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const v = check();
      if (v !== undefined) { clearInterval(timer); resolve(v); }
      else if (Date.now() - started > timeoutMs) { clearInterval(timer); reject(new Error(`timed out waiting for ${what}`)); }
    }, 10);
  });
}

describe('the real roslib client', () => {
  it('publishes /cmd_vel and sees /odom move forward; silence stops it', async () => {
    const odom = new ROSLIB.Topic<unknown>({ ros, name: '/odom', messageType: 'nav_msgs/msg/Odometry' });
    let latest: ReturnType<typeof parseOdometry> = null;
    let count = 0;
    odom.subscribe((m) => { latest = parseOdometry(m); count++; });
    const cmd = new ROSLIB.Topic<Twist>({ ros, name: '/cmd_vel', messageType: 'geometry_msgs/Twist' });
    const drive = setInterval(() => cmd.publish({ linear: { x: 1.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }), 50);
    try {
      const moved = await until('odom to move 1 m', () => (latest && latest.pose.position.x > 1 ? latest : undefined));
      expect(moved.twist.linear.x).toBeGreaterThan(0.5);
      expect(Math.abs(moved.pose.position.y)).toBeLessThan(0.05);
      expect(moved.stamp).toBeGreaterThan(0);
    } finally {
      clearInterval(drive);
    }
    // 0.5 s of sim time without /cmd_vel, then braking: it comes to rest.
    await until('the rover to stop', () => (latest && latest.twist.linear.x === 0 ? true : undefined));
    expect(count).toBeGreaterThan(10);
    odom.unsubscribe();
    cmd.unadvertise();
  });

  it('calls the simulator services and rosapi through ROSLIB.Service', async () => {
    const reset = new ROSLIB.Service<{ seed?: number }, { success: boolean; message: string }>({ ros, name: '/sim/reset', serviceType: 'std_srvs/srv/Trigger' });
    const reply = await new Promise<{ success: boolean; message: string }>((resolve, reject) => reset.callService({ seed: 5 }, resolve, reject));
    expect(reply.success).toBe(true);
    expect(reply.message).toContain('seed 5');
    expect(sim.seed()).toBe(5);
    const failure = await new Promise<string>((resolve) => reset.callService({ seed: 1.5 }, () => resolve('succeeded?'), resolve));
    expect(failure).toContain('1.5');
    const topics = await new Promise<{ topics: string[] }>((resolve, reject) => ros.getTopics(resolve, reject));
    expect(topics.topics).toContain('/scan');
  });

  it('subscribes to the latched world markers and receives scans', async () => {
    const markers = new ROSLIB.Topic<{ markers: unknown[] }>({ ros, name: '/world/markers', messageType: 'visualization_msgs/MarkerArray' });
    const scan = new ROSLIB.Topic<{ ranges: number[] }>({ ros, name: '/scan', messageType: 'sensor_msgs/LaserScan' });
    const gotMarkers = new Promise<{ markers: unknown[] }>((resolve) => markers.subscribe(resolve));
    const gotScan = new Promise<{ ranges: number[] }>((resolve) => scan.subscribe(resolve));
    expect((await gotMarkers).markers.length).toBeGreaterThan(5);
    expect((await gotScan).ranges).toHaveLength(360);
    markers.unsubscribe();
    scan.unsubscribe();
  });
});
