import type { TeleopCommand } from '../../src/input/mapping.ts';
import type { Twist } from '../../src/ros/messages.ts';

export function twist(x = 0, yaw = 0, extra: Partial<{ y: number; z: number; roll: number; pitch: number }> = {}): Twist {
  return { linear: { x, y: extra.y ?? 0, z: extra.z ?? 0 }, angular: { x: extra.roll ?? 0, y: extra.pitch ?? 0, z: yaw } };
}

export function cmd(enable: boolean, x = 0, yaw = 0, turbo = false): TeleopCommand {
  return { twist: twist(x, yaw), enable, turbo };
}

export const ZERO = twist();

export function isFiniteTwist(t: Twist): boolean {
  return [t.linear.x, t.linear.y, t.linear.z, t.angular.x, t.angular.y, t.angular.z].every(Number.isFinite);
}
