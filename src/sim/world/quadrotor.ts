import { clamp, type Command } from './base-world.ts';

/**
 * A quadrotor under velocity control: the autopilot tracks commanded body velocities
 * with a first-order lag, which is how PX4/ArduPilot velocity setpoints feel to a pilot.
 * Velocities are kept in the world frame so momentum survives a yaw.
 */
export interface DroneState { x: number; y: number; z: number; yaw: number; vx: number; vy: number; vz: number; w: number }

export const DRONE_LIMITS = {
  maxHorizontal: 3,
  maxVertical: 1.5,
  maxYawRate: 1.5,
  tauHorizontal: 0.3,
  tauVertical: 0.25,
  tauYaw: 0.15,
} as const;

/** Horizontal radius of the airframe with its propellers, metres. */
export const DRONE_RADIUS = 0.3;

export function droneStep(s: DroneState, cmd: Command, h: number): DroneState {
  const L = DRONE_LIMITS;
  let bx = cmd.vx, by = cmd.vy;
  const speed = Math.hypot(bx, by);
  if (speed > L.maxHorizontal) { bx *= L.maxHorizontal / speed; by *= L.maxHorizontal / speed; }
  const c = Math.cos(s.yaw), sn = Math.sin(s.yaw);
  const tx = c * bx - sn * by, ty = sn * bx + c * by;
  const ah = 1 - Math.exp(-h / L.tauHorizontal), av = 1 - Math.exp(-h / L.tauVertical), ay = 1 - Math.exp(-h / L.tauYaw);
  const vx = s.vx + (tx - s.vx) * ah;
  const vy = s.vy + (ty - s.vy) * ah;
  const vz = s.vz + (clamp(cmd.vz, -L.maxVertical, L.maxVertical) - s.vz) * av;
  const w = s.w + (clamp(cmd.wz, -L.maxYawRate, L.maxYawRate) - s.w) * ay;
  return { x: s.x + vx * h, y: s.y + vy * h, z: s.z + vz * h, yaw: s.yaw + w * h, vx, vy, vz, w };
}
