import { describe, expect, it } from 'vitest';
import { createObservationSpec, readRouteStatus, sectorAngle, type LatestSensors } from '../../src/learn/observation.ts';
import { parseLaserScan, type Twist } from '../../src/ros/messages.ts';
import { createWorld } from '../../src/sim/index.ts';

const twist = (vx: number, vy: number, vz: number, wz: number): Twist => ({ linear: { x: vx, y: vy, z: vz }, angular: { x: 0, y: 0, z: wz } });

/** A ScanView with `n` beams over [angleMin, angleMin + n * inc), all reading `fill`. */
function view(n: number, angleMin: number, inc: number, fill: number | null, rangeMax = 10, rangeMin = 0.1): { angleMin: number; angleIncrement: number; rangeMin: number; rangeMax: number; ranges: Array<number | null> } {
  return { angleMin, angleIncrement: inc, rangeMin, rangeMax, ranges: new Array<number | null>(n).fill(fill) };
}

describe('observation layout', () => {
  it('names velocities, sectors and (optionally) the world route features', () => {
    expect(createObservationSpec().fields).toEqual(['vx', 'vy', 'vz', 'wz', ...Array.from({ length: 36 }, (_, i) => `scan_${i}`)]);
    const lane = createObservationSpec({ scanSectors: 4, useRoute: true, world: 'lane' });
    expect(lane.fields).toEqual(['vx', 'vy', 'vz', 'wz', 'scan_0', 'scan_1', 'scan_2', 'scan_3', 'lane_offset', 'lane_heading_error', 'lane_curvature_ahead']);
    expect(createObservationSpec({ scanSectors: 2, useRoute: true, world: 'forest' }).fields.slice(-3)).toEqual(['corridor_offset', 'corridor_heading_error', 'altitude_error']);
    expect(createObservationSpec({ scanSectors: 2, useRoute: true }).fields.slice(-3)).toEqual(['route_0', 'route_1', 'route_2']);
    expect(() => createObservationSpec({ scanSectors: 0 })).toThrow(/0/);
    expect(() => createObservationSpec({ scanSectors: 2.5 })).toThrow(/2\.5/);
  });

  it('copies the odometry twist and the route, and reads missing inputs as nothing known', () => {
    const spec = createObservationSpec({ scanSectors: 2, useRoute: true });
    expect(spec.build({ twist: twist(1, 2, 3, 4), scan: null, route: [0.5, -0.1, 0.01] })).toEqual([1, 2, 3, 4, 1, 1, 0.5, -0.1, 0.01]);
    expect(spec.build({ twist: null, scan: null })).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0]);
    expect(spec.build({ twist: twist(Number.NaN, 0, 0, 0), scan: null, route: [1, 2] })).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0]);
  });
});

describe('scan sectors', () => {
  it('takes the nearest return per sector as a fraction of range_max', () => {
    // 12 beams every 30 degrees from -180; 4 sectors centred on -180, -90, 0, 90.
    const scan = view(12, -Math.PI, Math.PI / 6, 8);
    scan.ranges[6] = 2; // straight ahead
    scan.ranges[8] = 3; // 60 deg left: nearer the 90 deg centre
    scan.ranges[3] = 5; // -90
    const out = createObservationSpec({ scanSectors: 4 }).build({ twist: null, scan });
    expect(out.slice(4)).toEqual([0.8, 0.5, 0.2, 0.3]);
    expect(sectorAngle(2, 4)).toBe(0);
  });

  it('sorts beams by angle, so a narrower scanner with another angle_min fills the same sectors', () => {
    // 270 degree scanner from -135 degrees, 1 degree steps, one return at +90 degrees.
    const deg = Math.PI / 180;
    const scan = view(271, -135 * deg, deg, null);
    scan.ranges[225] = 4; // -135 + 225 = +90
    const out = createObservationSpec({ scanSectors: 36 }).build({ twist: null, scan }).slice(4);
    expect(out[27]).toBeCloseTo(0.4, 9); // sector 27 is centred on -180 + 270 = +90
    expect(out.filter((v) => v !== 1)).toHaveLength(1);
  });

  it('ignores invalid beams, clips far ones to range_max, and reads an uncovered sector as 1', () => {
    const scan = view(4, -Math.PI, Math.PI / 2, null, 10, 0.5);
    scan.ranges = [0.2, Number.POSITIVE_INFINITY, 50, Number.NaN]; // too close, no return, beyond max, error
    expect(createObservationSpec({ scanSectors: 4 }).build({ twist: null, scan }).slice(4)).toEqual([1, 1, 1, 1]);
    scan.ranges = [null, 1, null, null];
    expect(createObservationSpec({ scanSectors: 8 }).build({ twist: null, scan }).slice(4)).toEqual([1, 1, 0.1, 1, 1, 1, 1, 1]);
    const broken = { ...view(4, 0, 0.1, 1), rangeMax: 0 };
    expect(createObservationSpec({ scanSectors: 2 }).build({ twist: null, scan: broken }).slice(4)).toEqual([1, 1]);
  });

  it('reads a world LaserScan directly and agrees with the parsed wire form', () => {
    const world = createWorld('forest', 3);
    for (let i = 0; i < 200; i++) world.step(0.02, twist(1.5, 0, 0, 0));
    const spec = createObservationSpec({ useRoute: true, world: 'forest' });
    const raw = world.scan();
    const latest: LatestSensors = { twist: world.odometry().twist.twist, scan: raw, route: world.routeFeatures() };
    const a = spec.build(latest);
    const b = spec.build({ ...latest, scan: parseLaserScan(JSON.parse(JSON.stringify(raw))) });
    expect(a).toEqual(b);
    expect(a[0]).toBeGreaterThan(1);
    expect(a.slice(4, 40).some((v) => v < 1)).toBe(true);
    expect(a.every((v) => Number.isFinite(v))).toBe(true);
    // Deterministic, and fill() writes the same numbers into a typed buffer.
    const out = new Float64Array(spec.fields.length);
    spec.fill(latest, out);
    expect(Array.from(out)).toEqual(a);
  });
});

describe('route status', () => {
  it('reads route features from /sim/status JSON, and nothing from anything else', () => {
    expect(readRouteStatus({ data: JSON.stringify({ world: 'lane', route: [0.1, 0.2, 0.3] }) })).toEqual([0.1, 0.2, 0.3]);
    for (const bad of [null, {}, { data: 'not json' }, { data: '{"route":[1,2]}' }, { data: '{"route":[1,null,2]}' }, { data: '[1,2,3]' }]) {
      expect(readRouteStatus(bad)).toBeNull();
    }
  });
});
