import { approach, clamp, type Command } from './base-world.ts';

/** A differential-drive rover as a unicycle with speed and acceleration limits. */
export interface RoverState { x: number; y: number; yaw: number; v: number; w: number }

export const ROVER_LIMITS = {
  maxForward: 2,
  maxReverse: 1,
  maxYawRate: 1.5,
  accel: 1.5,
  yawAccel: 3,
} as const;

/** Footprint half-length and half-width, metres; base_link is at its centre. */
export const ROVER_HALF = { x: 0.5, y: 0.35 } as const;

/** The rover's pose after one step of `h` seconds under `cmd`, ignoring obstacles. */
export function roverStep(s: RoverState, cmd: Command, h: number): RoverState {
  const L = ROVER_LIMITS;
  const v = approach(s.v, clamp(cmd.vx, -L.maxReverse, L.maxForward), L.accel * h);
  const w = approach(s.w, clamp(cmd.wz, -L.maxYawRate, L.maxYawRate), L.yawAccel * h);
  // Integrate at the mid heading: exact for straight motion, second-order in turns.
  const mid = s.yaw + (w * h) / 2;
  return { x: s.x + v * Math.cos(mid) * h, y: s.y + v * Math.sin(mid) * h, yaw: s.yaw + w * h, v, w };
}
