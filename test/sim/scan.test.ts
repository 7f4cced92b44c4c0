import { describe, expect, it } from 'vitest';
import { yawOf, type LaserScan, type Twist } from '../../src/ros/messages.ts';
import { ForestWorld } from '../../src/sim/world/forest-world.ts';
import { makeBox, makeCircle } from '../../src/sim/world/geometry.ts';
import { LaneWorld } from '../../src/sim/world/lane-world.ts';
import { castScan, DEFAULT_SCAN } from '../../src/sim/world/scan.ts';

const beamAt = (bearing: number): number => Math.round((bearing + Math.PI) / ((2 * Math.PI) / 360)) % 360;

describe('castScan', () => {
  it('returns the range to a box face and a circle at the right bearings', () => {
    const ranges = castScan(0, 0, 0, [makeBox(10, 0, 0, 1, 1), makeCircle(0, 5, 1)]);
    expect(ranges).toHaveLength(360);
    expect(ranges[beamAt(0)]).toBe(9);
    expect(ranges[beamAt(Math.PI / 2)]).toBe(4);
    expect(ranges[beamAt(Math.PI)]).toBe(DEFAULT_SCAN.noReturn);
    expect(ranges[beamAt(-Math.PI / 2)]).toBe(DEFAULT_SCAN.noReturn);
    // Only the beams the shapes subtend see anything: ~13 deg of box, ~23 deg of circle.
    const hits = ranges.filter((r) => r <= DEFAULT_SCAN.rangeMax).length;
    expect(hits).toBeGreaterThanOrEqual(34);
    expect(hits).toBeLessThanOrEqual(38);
  });

  it('is relative to the robot heading, and keeps the nearest of overlapping hits', () => {
    const ranges = castScan(0, 0, Math.PI / 2, [makeCircle(0, 5, 1), makeCircle(0, 8, 2)]);
    expect(ranges[beamAt(0)]).toBe(4);
  });

  it('reports nothing beyond range_max, and never NaN or Infinity', () => {
    const ranges = castScan(0, 0, 0, [makeCircle(40, 0, 1), makeCircle(0, 0.05, 0.01)]);
    expect(ranges.every((r) => r === DEFAULT_SCAN.noReturn)).toBe(true);
    expect(JSON.parse(JSON.stringify(ranges))).toEqual(ranges);
  });
});

const forward = (vx: number, wz: number): Twist => ({ linear: { x: vx, y: 0, z: 0 }, angular: { x: 0, y: 0, z: wz } });

describe('world scans', () => {
  it('lane: an obstacle ahead shows at its range and bearing, on its surface', () => {
    const w = new LaneWorld(4);
    const boxes = w.obstacleBoxes();
    // Follow the lane until some obstacle is within 12 m.
    let near = boxes[0];
    for (let i = 0; i < 3000; i++) {
      const p = w.odometry().pose.pose.position;
      near = boxes.find((b) => Math.hypot(b.x - p.x, b.y - p.y) < 12);
      if (near) break;
      const [lat = 0, heading = 0] = w.routeFeatures();
      w.step(0.02, forward(2, -0.8 * (lat + 1.75) - 2 * heading));
    }
    if (!near) throw new Error('no obstacle came near');
    const scan = w.scan();
    const pose = w.odometry().pose.pose;
    const yaw = yawOf(pose.orientation);
    const { x, y } = pose.position;
    const bearing = Math.atan2(near.y - y, near.x - x) - yaw;
    const range = scan.ranges[beamAt(Math.atan2(Math.sin(bearing), Math.cos(bearing)))] as number;
    const centre = Math.hypot(near.x - x, near.y - y);
    expect(range).toBeLessThan(centre);
    expect(range).toBeGreaterThan(centre - Math.hypot(near.hx, near.hy) - 0.01);
    // Every return lies on the surface of some obstacle.
    for (const [i, r] of scan.ranges.entries()) {
      if (r > scan.range_max) continue;
      const a = yaw + scan.angle_min + i * scan.angle_increment;
      const hx = x + r * Math.cos(a), hy = y + r * Math.sin(a);
      const onSurface = boxes.some((b) => {
        const lx = Math.cos(b.yaw) * (hx - b.x) + Math.sin(b.yaw) * (hy - b.y);
        const ly = -Math.sin(b.yaw) * (hx - b.x) + Math.cos(b.yaw) * (hy - b.y);
        return Math.abs(Math.max(Math.abs(lx) - b.hx, Math.abs(ly) - b.hy)) < 0.002;
      });
      expect(onSurface, `beam ${i} at ${r} m`).toBe(true);
    }
    expectWellFormed(scan);
  });

  it('forest: returns lie on tree trunks, stamped in sim time', () => {
    const w = new ForestWorld(5);
    for (let i = 0; i < 100; i++) w.step(0.02, forward(1, 0));
    const scan = w.scan();
    const { x, y } = w.odometry().pose.pose.position;
    const hits = scan.ranges.flatMap((r, i) => (r <= scan.range_max ? [[r, i] as const] : []));
    expect(hits.length).toBeGreaterThan(20);
    for (const [r, i] of hits) {
      const a = scan.angle_min + i * scan.angle_increment;
      const hx = x + r * Math.cos(a), hy = y + r * Math.sin(a);
      expect(w.treeList().some((t) => Math.abs(Math.hypot(hx - t.x, hy - t.y) - t.r) < 0.002)).toBe(true);
    }
    expect(scan.header).toEqual({ stamp: { sec: 2, nanosec: 0 }, frame_id: 'base_link' });
    expectWellFormed(scan);
  });
});

function expectWellFormed(scan: LaserScan): void {
  expect(scan.ranges).toHaveLength(360);
  expect(scan.angle_min).toBeCloseTo(-Math.PI, 9);
  expect(scan.angle_min + 359 * scan.angle_increment).toBeCloseTo(scan.angle_max, 9);
  expect(scan.range_max).toBe(30);
  expect(scan.ranges.every((r) => Number.isFinite(r) && (r <= scan.range_max || r > scan.range_max))).toBe(true);
}
