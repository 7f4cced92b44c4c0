import { isObject, type Twist } from '../ros/messages.ts';

/**
 * Reads a /cmd_vel message: geometry_msgs/Twist, or TwistStamped's `twist`. Missing
 * fields are zero (as rosbridge fills defaults); a present field that is not a finite
 * number spoils the message, so a NaN from a client never moves the robot.
 */
export function readCmdVel(msg: unknown): Twist | { error: string } {
  if (!isObject(msg)) return { error: 'cmd_vel message is not an object' };
  const twist = isObject(msg.twist) && isObject(msg.header) ? msg.twist : msg;
  const linear = vector(twist.linear, 'linear');
  if ('error' in linear) return linear;
  const angular = vector(twist.angular, 'angular');
  if ('error' in angular) return angular;
  return { linear, angular };
}

function vector(v: unknown, name: string): { x: number; y: number; z: number } | { error: string } {
  if (v === undefined) return { x: 0, y: 0, z: 0 };
  if (!isObject(v)) return { error: `cmd_vel ${name} is not an object` };
  const out = { x: 0, y: 0, z: 0 };
  for (const axis of ['x', 'y', 'z'] as const) {
    const n = v[axis];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isFinite(n)) return { error: `cmd_vel ${name}.${axis} is not a finite number` };
    out[axis] = n;
  }
  return out;
}
