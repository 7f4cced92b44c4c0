import { describe, expect, it } from 'vitest';
import { parseLaserScan, parseMarkerArray, parseOdometry, quaternionFromYaw, secondsToTime, timeToSeconds, yawOf } from '../../src/ros/messages.ts';

describe('message shapes', () => {
  it('converts seconds to stamps without ever reaching 1e9 nanoseconds', () => {
    expect(secondsToTime(2.9999999999999996)).toEqual({ sec: 3, nanosec: 0 });
    expect(secondsToTime(1.5)).toEqual({ sec: 1, nanosec: 500_000_000 });
    for (let i = 0; i < 1000; i++) {
      const t = secondsToTime(i * 0.001 + 0.0000000004);
      expect(t.nanosec).toBeLessThan(1e9);
      expect(t.nanosec).toBeGreaterThanOrEqual(0);
    }
  });

  it('reads ROS 1 and ROS 2 stamps', () => {
    expect(timeToSeconds({ secs: 2, nsecs: 5e8 })).toBe(2.5);
    expect(timeToSeconds({ sec: 2, nanosec: 5e8 })).toBe(2.5);
    expect(timeToSeconds({ sec: 'x', nanosec: 1 })).toBeNull();
  });

  it('rejects odometry with missing or non-finite fields', () => {
    const good = { header: { stamp: { sec: 1, nanosec: 0 } }, pose: { pose: { position: { x: 1, y: 2, z: 0 }, orientation: quaternionFromYaw(0.5) } }, twist: { twist: { linear: { x: 1, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0.1 } } } };
    const odom = parseOdometry(good);
    expect(odom?.pose.position.x).toBe(1);
    expect(yawOf(odom!.pose.orientation)).toBeCloseTo(0.5);
    expect(parseOdometry({ ...good, pose: { pose: { position: { x: null, y: 2, z: 0 }, orientation: quaternionFromYaw(0) } } })).toBeNull();
    expect(parseOdometry('odom')).toBeNull();
  });

  it('keeps no-return scan beams as null and bounds the beam count', () => {
    const scan = parseLaserScan({ angle_min: 0, angle_increment: 0.1, range_min: 0.1, range_max: 30, ranges: [1, null, 'x', 2] });
    expect(scan?.ranges).toEqual([1, null, null, 2]);
    expect(parseLaserScan({ angle_min: 0, angle_increment: 0.1, range_min: 0, range_max: 1, ranges: new Array(200_000).fill(1) })).toBeNull();
  });

  it('skips malformed markers but keeps the good ones', () => {
    const arr = parseMarkerArray({ markers: [{ id: 1, type: 1, action: 0 }, { id: 'bad' }, 7] });
    expect(arr?.markers.map((m) => m.id)).toEqual([1]);
  });
});
