import { describe, expect, it } from 'vitest';
import { ACTION_FIELDS, actionToTwist, expertAction, expertActionArray, twistToAction } from '../../src/sim/expert/index.ts';
import { laneMapOf, pointOnLine, projectOnLine } from '../../src/sim/expert/lane-map.ts';
import { createWorld, type World } from '../../src/sim/index.ts';
import { LaneWorld } from '../../src/sim/world/lane-world.ts';

const DT = 0.02;

/** Drives `world` with the expert for `seconds` of sim time at 50 Hz. */
function drive(world: World, seconds: number): { minMargin: number } {
  let minMargin = Infinity;
  for (let i = 0; i < Math.round(seconds / DT); i++) {
    world.step(DT, expertAction(world));
    if (world.name === 'lane') minMargin = Math.min(minMargin, 3.5 - Math.abs(world.routeFeatures()[0] as number));
  }
  return { minMargin };
}

describe('lane expert', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: 60 s without a collision or a departure, covering more than 50 m`, () => {
      const world = createWorld('lane', seed);
      drive(world, 60);
      const s = world.status();
      expect(s).toMatchObject({ collisions: 0, departures: 0 });
      expect(s.progress).toBeGreaterThan(50);
    });
  }

  it('changes lanes for obstacles: it spends time in both lanes and passes every obstacle it reaches', () => {
    const world = new LaneWorld(7);
    const laterals: number[] = [];
    for (let i = 0; i < 3000; i++) {
      world.step(DT, expertAction(world));
      laterals.push(world.routeFeatures()[0] as number);
    }
    expect(laterals.some((l) => l > 1.2)).toBe(true);
    expect(laterals.some((l) => l < -1.2)).toBe(true);
    const passed = laneMapOf(world).obstacles.filter((o) => o.s < projectOnLine(laneMapOf(world), ...xy(world)).s).length;
    expect(passed).toBeGreaterThanOrEqual(2);
    expect(world.status().collisions).toBe(0);
  });

  it('stops before the end of the road instead of driving off it', () => {
    const world = createWorld('lane', 2);
    drive(world, 420);
    expect(world.status()).toMatchObject({ collisions: 0, departures: 0 });
    expect(world.odometry().twist.twist.linear.x).toBeCloseTo(0, 2);
    expect(world.status().progress).toBeGreaterThan(450);
  });

  it('its road frame agrees with the world: projecting the rover gives the world\'s own lateral offset', () => {
    const world = createWorld('lane', 4) as LaneWorld;
    drive(world, 20);
    const map = laneMapOf(world);
    const pose = projectOnLine(map, ...xy(world));
    expect(pose.lateral).toBeCloseTo(world.routeFeatures()[0] as number, 1);
    const back = pointOnLine(map, pose.s, pose.lateral);
    expect(Math.hypot(back.x - xy(world)[0], back.y - xy(world)[1])).toBeLessThan(0.05);
  });
});

describe('forest expert', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: 60 s through the trees without a collision or a departure, covering more than 50 m`, () => {
      const world = createWorld('forest', seed);
      let maxAltErr = 0;
      for (let i = 0; i < 3000; i++) {
        world.step(DT, expertAction(world));
        if (i > 100) maxAltErr = Math.max(maxAltErr, Math.abs(world.routeFeatures()[2] as number));
      }
      expect(world.status()).toMatchObject({ collisions: 0, departures: 0 });
      expect(world.status().progress).toBeGreaterThan(50);
      expect(maxAltErr).toBeLessThan(0.2);
    });
  }
});

describe('expert actions', () => {
  it('are deterministic functions of the world state, in ACTION_FIELDS order', () => {
    const a = createWorld('forest', 8), b = createWorld('forest', 8);
    drive(a, 10);
    drive(b, 10);
    expect(expertActionArray(a)).toEqual(expertActionArray(b));
    expect(expertActionArray(a)).toEqual(twistToAction(expertAction(a)));
    expect(ACTION_FIELDS).toEqual(['linear_x', 'linear_y', 'linear_z', 'angular_z']);
    expect(twistToAction(actionToTwist([1, 2, 3, 4]))).toEqual([1, 2, 3, 4]);
    expect(() => actionToTwist([1, 2])).toThrow(/2/);
  });

  it('follow a reset to a new layout', () => {
    const world = createWorld('lane', 1) as LaneWorld;
    const first = laneMapOf(world).obstacles[0];
    world.reset(2);
    expect(laneMapOf(world).obstacles[0]).not.toEqual(first);
    drive(world, 30);
    expect(world.status()).toMatchObject({ collisions: 0, departures: 0 });
  });
});

function xy(world: World): [number, number] {
  const p = world.odometry().pose.pose.position;
  return [p.x, p.y];
}
