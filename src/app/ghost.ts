import { quaternionFromYaw, yawOf, type Pose } from '../ros/messages.ts';

/**
 * Where the operator's relabel commands would have taken the robot: the command
 * (ACTION_FIELDS order, body frame) integrated over episode time from a recorded pose.
 * A kinematic sketch, not the robot's dynamics: enough to see a label steer wrong.
 */
export function advanceGhost(pose: Pose, action: readonly number[], dtS: number): Pose {
  if (!(dtS > 0)) return pose;
  const [vx = 0, vy = 0, vz = 0, wz = 0] = action.map((v) => (Number.isFinite(v) ? v : 0));
  const yaw = yawOf(pose.orientation);
  // Midpoint heading: turning while moving traces an arc, not a chord from the start heading.
  const mid = yaw + (wz * dtS) / 2;
  const c = Math.cos(mid), s = Math.sin(mid);
  return {
    position: {
      x: pose.position.x + (vx * c - vy * s) * dtS,
      y: pose.position.y + (vx * s + vy * c) * dtS,
      z: pose.position.z + vz * dtS,
    },
    orientation: quaternionFromYaw(yaw + wz * dtS),
  };
}
