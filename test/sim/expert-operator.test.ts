import { describe, expect, it } from 'vitest';
import type { Twist } from '../../src/ros/messages.ts';
import { assessDanger, SyntheticOperator, type Danger } from '../../src/sim/expert/index.ts';
import { createWorld, type World } from '../../src/sim/index.ts';
import { LaneWorld } from '../../src/sim/world/lane-world.ts';

const twist = (vx: number, wz = 0, vy = 0): Twist => ({ linear: { x: vx, y: vy, z: 0 }, angular: { x: 0, y: 0, z: wz } });
const SAFE: Danger = { ttcS: Infinity, marginM: 10, clearM: 10, inContact: false };
const QUIET = [0, 0, 0, 0];

/** An "expert" whose command is the time it saw, so the delay can be read off the output. */
const clockExpert = (w: World): Twist => twist(w.time());

describe('synthetic operator: reaction delay', () => {
  it('commands exactly what the expert said `delay` ago on a fixed-dt loop (dt divides the delay)', () => {
    const world = createWorld('lane', 1);
    const op = new SyntheticOperator({ expert: clockExpert, danger: () => SAFE, noiseStd: QUIET, delayS: 0.25 });
    for (let k = 0; k <= 100; k++) {
      if (k > 0) world.step(0.05, twist(0));
      const t = world.time();
      const d = op.step(t, world);
      if (k < 5) {
        expect(d.perceived).toBeNull();
        expect(d.action).toEqual([0, 0, 0, 0]);
      } else {
        expect(d.command.linear.x).toBeCloseTo(t - 0.25, 9);
        expect(d.perceived).toEqual(SAFE);
      }
    }
  });

  it('otherwise uses the newest command at or before t - delay', () => {
    const world = createWorld('lane', 1);
    const op = new SyntheticOperator({ expert: clockExpert, danger: () => SAFE, noiseStd: QUIET, delayS: 0.25 });
    const seen: number[] = [];
    for (let k = 0; k <= 50; k++) {
      if (k > 0) world.step(0.02, twist(0));
      seen.push(op.step(world.time(), world).command.linear.x);
    }
    // 0.25 s is 12.5 ticks of 20 ms: the operator lags 13 ticks (0.26 s).
    for (let k = 13; k <= 50; k++) expect(seen[k]).toBeCloseTo((k - 13) * 0.02, 9);
    expect(seen.slice(0, 13).every((v) => v === 0)).toBe(true);
  });

  it('adds seeded noise: the same seed repeats it, another seed does not, its spread is as asked', () => {
    const run = (seed: number): number[] => {
      const world = createWorld('lane', 1);
      const op = new SyntheticOperator({ expert: () => twist(1), danger: () => SAFE, noiseStd: [0.2, 0, 0, 0], noiseTauS: 0, delayS: 0, seed });
      return Array.from({ length: 4000 }, () => op.step(world.time(), world).command.linear.x - 1);
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std).toBeGreaterThan(0.18);
    expect(std).toBeLessThan(0.22);
  });
});

describe('synthetic operator: gate', () => {
  it('takes over `delay` after danger appears and hands back after it has looked safe for safeForS', () => {
    const world = createWorld('lane', 1);
    // Danger (1 s to collision) from t = 1 to t = 2 only.
    const danger = (w: World): Danger => (w.time() >= 1 - 1e-9 && w.time() < 2 - 1e-9 ? { ...SAFE, ttcS: 1 } : SAFE);
    const op = new SyntheticOperator({ expert: clockExpert, danger, noiseStd: QUIET, delayS: 0.25, gate: { takeoverTtcS: 2, releaseTtcS: 4, safeForS: 1 } });
    const events: Array<[string, number]> = [];
    for (let k = 0; k <= 100; k++) {
      if (k > 0) world.step(0.05, twist(0));
      const d = op.step(world.time(), world);
      if (d.event) events.push([d.event, Math.round(world.time() * 1000) / 1000]);
      if (d.event === 'takeover') expect(d.command.linear.x).toBeCloseTo(1, 9);
    }
    expect(events).toEqual([['takeover', 1.25], ['handback', 3.25]]);
    expect(op.active).toBe(false);
  });

  it('answers a request for help a reaction time after it was made, even where it sees no danger', () => {
    const world = createWorld('lane', 1);
    const op = new SyntheticOperator({ expert: clockExpert, danger: () => SAFE, noiseStd: QUIET, delayS: 0.25, gate: { safeForS: 1 } });
    const events: Array<[string, number]> = [];
    for (let k = 0; k <= 100; k++) {
      if (k > 0) world.step(0.05, twist(0));
      // The app asks from t = 1 until the operator holds control (it stops asking then).
      const asked = world.time() >= 1 - 1e-9 && !op.active;
      const d = op.step(world.time(), world, asked);
      if (d.event) events.push([d.event, Math.round(world.time() * 1000) / 1000]);
    }
    // Safe all along: it hands back after safeForS of holding (counted from its first held tick, 1.3),
    // the app asks again from the next tick (2.35) and it answers again a reaction time later.
    expect(events.slice(0, 3)).toEqual([['takeover', 1.25], ['handback', 2.3], ['takeover', 2.6]]);
    const quiet = new SyntheticOperator({ expert: clockExpert, danger: () => SAFE, noiseStd: QUIET, delayS: 0.25 });
    for (let k = 0; k <= 100; k++) expect(quiet.step(k * 0.05, world).event).toBeNull();
  });

  it('on a real road: the operator rescues a policy that drives at an obstacle, then hands back', () => {
    const world = new LaneWorld(firstObstacleInRightLane());
    const op = new SyntheticOperator({ seed: 3 });
    // A policy that only keeps the right lane: it would hit the first obstacle.
    const policy = (w: World): Twist => {
      const [lat = 0, heading = 0] = w.routeFeatures();
      return twist(1.5, -0.8 * (lat + 1.75) - 2 * heading);
    };
    const events: Array<[string, number]> = [];
    let firstDanger: number | null = null;
    for (let k = 0; k < 60 / 0.02; k++) {
      const d = op.step(world.time(), world);
      if (firstDanger === null && assessDanger(world).ttcS < 2) firstDanger = world.time();
      if (d.event) events.push([d.event, world.time()]);
      world.step(0.02, d.active ? d.command : policy(world));
    }
    expect(world.status().collisions).toBe(0);
    const [first, second] = events;
    expect(first?.[0]).toBe('takeover');
    // It reacts one reaction time (rounded up to the next tick) after the danger began.
    expect((first?.[1] ?? 0) - (firstDanger ?? -1)).toBeCloseTo(0.26, 6);
    expect(second?.[0]).toBe('handback');
    expect(world.status().progress).toBeGreaterThan(30);
  });

  for (const [name, seed] of [['lane', 2], ['lane', 5], ['forest', 1]] as const) {
    it(`${name} ${seed}: a policy that ignores obstacles, gated by the operator, has no collision or departure in 60 s`, () => {
      const world = createWorld(name, seed);
      const op = new SyntheticOperator({ seed });
      const policy = (w: World): Twist => {
        const [lat = 0, heading = 0, dz = 0] = w.routeFeatures();
        return name === 'lane' ? twist(1.5, -0.8 * (lat + 1.75) - 2 * heading) : { linear: { x: 1.5, y: -0.5 * lat, z: -dz }, angular: { x: 0, y: 0, z: -2 * heading } };
      };
      let takeovers = 0, operatorTicks = 0;
      for (let k = 0; k < 3000; k++) {
        const d = op.step(world.time(), world);
        if (d.event === 'takeover') takeovers++;
        if (d.active) operatorTicks++;
        world.step(0.02, d.active ? d.command : policy(world));
      }
      expect(world.status()).toMatchObject({ collisions: 0, departures: 0 });
      expect(takeovers).toBeGreaterThan(0);
      // The policy still drives most of the time: the operator only steps in near danger.
      expect(operatorTicks / 3000).toBeLessThan(0.6);
      expect(world.status().progress).toBeGreaterThan(50);
    });
  }

  it('takes over near a road edge and for a contact, not in calm driving', () => {
    const world = createWorld('lane', 2);
    const op = new SyntheticOperator({ delayS: 0, noiseStd: QUIET, danger: () => ({ ...SAFE, marginM: 0.5 }) });
    expect(op.step(0, world).event).toBe('takeover');
    const calm = new SyntheticOperator({ delayS: 0, noiseStd: QUIET });
    expect(calm.step(0, world).event).toBeNull();
    const touch = new SyntheticOperator({ delayS: 0, noiseStd: QUIET, danger: () => ({ ...SAFE, inContact: true }) });
    expect(touch.step(0, world).active).toBe(true);
    expect(() => op.step(-1, world)).toThrow(/-1/);
  });
});

describe('danger', () => {
  it('forest: time to collision falls while flying at a trunk, and the margin sees the corridor edge', () => {
    const world = createWorld('forest', 11);
    const ttc: number[] = [];
    for (let k = 0; k < 400 && world.status().collisions === 0; k++) {
      world.step(0.02, twist(1.5));
      ttc.push(assessDanger(world).ttcS);
    }
    const finite = ttc.filter(Number.isFinite);
    expect(finite.length).toBeGreaterThan(0);
    expect(Math.min(...finite)).toBeLessThan(0.5);
    expect(assessDanger(createWorld('forest', 11)).marginM).toBeCloseTo(1.48, 6); // height above the ground contact
  });
});

/** A seed whose first obstacle sits in the rover's own (right) lane. */
function firstObstacleInRightLane(): number {
  for (let seed = 1; seed < 100; seed++) {
    const w = new LaneWorld(seed);
    const first = w.obstacleBoxes().reduce((a, b) => (Math.hypot(a.x, a.y) < Math.hypot(b.x, b.y) ? a : b));
    if (first.y < 0) return seed;
  }
  throw new Error('no seed with an obstacle in the right lane');
}
