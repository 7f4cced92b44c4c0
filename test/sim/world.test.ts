import { describe, expect, it } from 'vitest';
import { yawOf, type Twist } from '../../src/ros/messages.ts';
import { createWorld, type World } from '../../src/sim/index.ts';
import { LaneWorld } from '../../src/sim/world/lane-world.ts';
import { ForestWorld } from '../../src/sim/world/forest-world.ts';

export const twist = (vx: number, wz = 0, vy = 0, vz = 0): Twist => ({ linear: { x: vx, y: vy, z: vz }, angular: { x: 0, y: 0, z: wz } });

function run(world: World, seconds: number, cmd: Twist | ((w: World) => Twist)): void {
  for (let t = 0; t < seconds - 1e-9; t += 0.02) world.step(0.02, typeof cmd === 'function' ? cmd(world) : cmd);
}

function pose(world: World): { x: number; y: number; z: number; yaw: number } {
  const p = world.odometry().pose.pose;
  return { ...p.position, yaw: yawOf(p.orientation) };
}

/** Keeps the rover on a lateral offset from the road centre (right lane = -1.75 m). */
const keepLane = (lateral: number, speed: number) => (w: World): Twist => {
  const [lat = 0, heading = 0] = w.routeFeatures();
  return twist(speed, -0.8 * (lat - lateral) - 2 * heading);
};

describe('world determinism', () => {
  for (const name of ['lane', 'forest'] as const) {
    it(`${name}: the same seed builds the same world and the same trajectory`, () => {
      const a = createWorld(name, 42), b = createWorld(name, 42);
      expect(JSON.stringify(a.markers())).toBe(JSON.stringify(b.markers()));
      const drive = (w: World): void => run(w, 5, (x) => twist(1.5, Math.sin(x.time())));
      drive(a);
      drive(b);
      expect(a.odometry()).toEqual(b.odometry());
      expect(a.scan()).toEqual(b.scan());
      expect(a.status()).toEqual(b.status());
    });

    it(`${name}: another seed builds another world; reset(seed) rebuilds it exactly`, () => {
      const a = createWorld(name, 1), b = createWorld(name, 2);
      expect(JSON.stringify(a.markers())).not.toBe(JSON.stringify(b.markers()));
      run(a, 3, twist(1, 0.3));
      a.reset(2);
      expect(a.seed).toBe(2);
      expect(a.time()).toBe(0);
      expect(JSON.stringify(a.markers())).toBe(JSON.stringify(b.markers()));
      expect(a.odometry()).toEqual(b.odometry());
      expect(a.status()).toEqual(b.status());
    });
  }

  it('rejects a non-integer seed and a bad dt, naming the value', () => {
    expect(() => createWorld('lane', 1.5)).toThrow(/1\.5/);
    expect(() => createWorld('lane', 1).step(Number.NaN, twist(0))).toThrow(/NaN/);
    expect(() => createWorld('nope' as 'lane', 1)).toThrow(/nope/);
  });
});

describe('lane world physics', () => {
  it('starts at the odom origin in the right lane, at rest', () => {
    const w = createWorld('lane', 3);
    expect(pose(w)).toEqual({ x: 0, y: 0, z: 0, yaw: 0 });
    expect(w.routeFeatures()[0]).toBeCloseTo(-1.75, 6);
    expect(w.status()).toMatchObject({ collisions: 0, departures: 0, inCollision: false, offRoad: false, progress: 0 });
  });

  it('a forward command moves the rover along its heading, within speed and acceleration limits', () => {
    const w = createWorld('lane', 3);
    w.step(0.5, twist(5));
    // 1.5 m/s^2 for 0.5 s: 0.75 m/s and 0.1875 m, whatever was asked.
    expect(w.odometry().twist.twist.linear.x).toBeCloseTo(0.75, 3);
    expect(pose(w).x).toBeCloseTo(0.1875, 2);
    run(w, 3, twist(5));
    expect(w.odometry().twist.twist.linear.x).toBeCloseTo(2, 6);
    // Turn to face +y, then drive: the motion follows the heading.
    run(w, 3, twist(0, 10));
    const before = pose(w);
    run(w, 1, twist(1));
    const after = pose(w);
    const d = Math.hypot(after.x - before.x, after.y - before.y);
    expect(Math.atan2(after.y - before.y, after.x - before.x)).toBeCloseTo(after.yaw, 1);
    expect(d).toBeGreaterThan(0.5);
    expect(w.status().distance).toBeGreaterThan(d);
  });

  it('the same command sequence gives the same pose whatever the caller\'s dt', () => {
    const a = createWorld('lane', 5), b = createWorld('lane', 5);
    for (let i = 0; i < 100; i++) a.step(0.02, twist(1, 0.2));
    for (let i = 0; i < 400; i++) b.step(0.005, twist(1, 0.2));
    expect(pose(a).x).toBeCloseTo(pose(b).x, 9);
    expect(a.time()).toBeCloseTo(2, 9);
  });

  it('driving into an obstacle counts one collision, blocks the rover, and lets it back away', () => {
    const w = new LaneWorld(firstObstacleInRightLane());
    const box = w.obstacleBoxes().reduce((a, b) => (Math.hypot(a.x, a.y) < Math.hypot(b.x, b.y) ? a : b));
    run(w, 60, keepLane(-1.75, 2));
    expect(w.status()).toMatchObject({ collisions: 1, inCollision: true });
    const stuck = pose(w);
    expect(Math.hypot(stuck.x - box.x, stuck.y - box.y)).toBeLessThan(box.hx + 1);
    run(w, 2, twist(2));
    expect(pose(w).x).toBeCloseTo(stuck.x, 2);
    expect(w.status().collisions).toBe(1);
    run(w, 1, twist(-1));
    expect(pose(w).x).toBeLessThan(stuck.x - 0.2);
    expect(w.status().inCollision).toBe(false);
    run(w, 3, twist(1));
    expect(w.status()).toMatchObject({ collisions: 2, inCollision: true });
  });

  it('leaving the road counts one departure until the rover is back on it', () => {
    const w = createWorld('lane', 3);
    run(w, 1, twist(0, 1.5));
    run(w, 5, twist(1.5));
    expect(w.status()).toMatchObject({ departures: 1, offRoad: true, collisions: 0 });
    run(w, 2, twist(1.5));
    expect(w.status().departures).toBe(1);
    run(w, 15, keepLane(1.75, 1));
    expect(w.status()).toMatchObject({ departures: 1, offRoad: false });
  });
});

describe('forest world physics', () => {
  it('starts hovering at 1.5 m and tracks velocity commands with a lag', () => {
    const w = createWorld('forest', 9);
    expect(pose(w)).toEqual({ x: 0, y: 0, z: 1.5, yaw: 0 });
    run(w, 1, twist(0));
    expect(pose(w).z).toBeCloseTo(1.5, 9);
    w.step(0.1, twist(2, 0, 1));
    const v = w.odometry().twist.twist.linear;
    expect(v.x).toBeGreaterThan(0.3);
    expect(v.x).toBeLessThan(2);
    run(w, 2, twist(2, 0, 1, 0.5));
    const p = pose(w);
    expect(p.x).toBeGreaterThan(2);
    expect(p.y).toBeGreaterThan(1);
    expect(p.z).toBeGreaterThan(2);
  });

  it('the ground is a collision and stops the descent; the ceiling is a departure', () => {
    const w = createWorld('forest', 9);
    run(w, 3, twist(0, 0, 0, -1.5));
    expect(pose(w).z).toBe(0);
    expect(w.status()).toMatchObject({ collisions: 1, inCollision: true });
    run(w, 8, twist(0, 0, 0, 1.5));
    expect(pose(w).z).toBeGreaterThan(6);
    expect(w.status()).toMatchObject({ collisions: 1, inCollision: false, departures: 1, offRoad: true });
  });

  it('flying into a tree counts a collision and blocks the drone', () => {
    const w = new ForestWorld(11);
    const tree = w.treeList().filter((t) => Math.abs(t.y) < 5).reduce((a, b) => (a.x < b.x ? a : b));
    run(w, 6, (x) => twist(0, 0, clampAbs(2 * (tree.y - pose(x).y), 1)));
    expect(pose(w).y).toBeCloseTo(tree.y, 1);
    run(w, 60, twist(2));
    expect(w.status()).toMatchObject({ collisions: 1, inCollision: true });
    expect(pose(w).x).toBeLessThan(tree.x - tree.r - 0.29);
    expect(pose(w).x).toBeGreaterThan(tree.x - tree.r - 0.4);
  });
});

function clampAbs(v: number, m: number): number {
  return Math.max(-m, Math.min(m, v));
}

/** A seed whose first obstacle sits in the rover's own (right) lane. */
function firstObstacleInRightLane(): number {
  for (let seed = 1; seed < 100; seed++) {
    const w = new LaneWorld(seed);
    const first = w.obstacleBoxes().reduce((a, b) => (Math.hypot(a.x, a.y) < Math.hypot(b.x, b.y) ? a : b));
    if (first.y < 0) return seed;
  }
  throw new Error('no seed with an obstacle in the right lane');
}
