import { quaternionFromYaw, type Header, type LaserScan, type Odometry, type Time } from '../../ros/messages.ts';
import { scanAngles, type ScanSpec } from './scan.ts';

/** Robot pose and body-frame velocity, the state every world reports the same way. */
export interface BodyState {
  x: number; y: number; z: number; yaw: number;
  /** Body frame (REP 103): x forward, y left, z up. */
  vx: number; vy: number; vz: number; wz: number;
}

/** Sim seconds as a ROS 2 stamp; via whole nanoseconds so nanosec never reaches 1e9. */
export function stampOf(t: number): Time {
  const ns = Math.round(t * 1e9);
  const sec = Math.floor(ns / 1e9);
  return { sec, nanosec: ns - sec * 1e9 };
}

export function header(t: number, frameId: string): Header {
  return { stamp: stampOf(t), frame_id: frameId };
}

const zeros36 = (): number[] => new Array<number>(36).fill(0);

export function odometryMessage(t: number, b: BodyState): Odometry {
  return {
    header: header(t, 'odom'),
    child_frame_id: 'base_link',
    pose: { pose: { position: { x: b.x, y: b.y, z: b.z }, orientation: quaternionFromYaw(b.yaw) }, covariance: zeros36() },
    twist: { twist: { linear: { x: b.vx, y: b.vy, z: b.vz }, angular: { x: 0, y: 0, z: b.wz } }, covariance: zeros36() },
  };
}

export function laserScanMessage(t: number, ranges: number[], spec: ScanSpec, scanPeriodS: number): LaserScan {
  const { angleMin, increment } = scanAngles(spec);
  return {
    header: header(t, 'base_link'),
    angle_min: angleMin,
    angle_max: angleMin + increment * (spec.beams - 1),
    angle_increment: increment,
    time_increment: 0,
    scan_time: scanPeriodS,
    range_min: spec.rangeMin,
    range_max: spec.rangeMax,
    ranges,
    intensities: [],
  };
}
