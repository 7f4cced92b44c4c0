import { zeroTwist, type Twist } from '../ros/messages.ts';

export interface Limits {
  /** |linear.x| and |linear.y|, m/s. */
  linear: number;
  /** |angular.*|, rad/s. */
  angular: number;
  /** |linear.z|, m/s. */
  vertical: number;
}

export interface Sanitized {
  twist: Twist;
  /** Some component was NaN or infinite: the whole command became zero. */
  nonfinite: boolean;
  clamped: boolean;
}

/**
 * The last check before the wire. A non-finite component zeroes the whole twist rather
 * than just that component: a source producing NaN is broken, and driving on with its
 * other outputs (say, full speed with a NaN yaw) is not a safe reading of it.
 */
export function sanitizeTwist(t: Twist, limits: Limits): Sanitized {
  const parts = [t.linear.x, t.linear.y, t.linear.z, t.angular.x, t.angular.y, t.angular.z];
  if (!parts.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return { twist: zeroTwist(), nonfinite: true, clamped: false };
  }
  let clamped = false;
  const clamp = (v: number, limit: number): number => {
    // A zero limit means the robot has no such axis (a rover's z): zero it without a fuss.
    if (limit === 0) return 0;
    const c = Math.min(limit, Math.max(-limit, v));
    if (c !== v) clamped = true;
    // Avoid -0 on the wire: some consumers print it, and tests compare with zero.
    return c === 0 ? 0 : c;
  };
  const twist: Twist = {
    linear: { x: clamp(t.linear.x, limits.linear), y: clamp(t.linear.y, limits.linear), z: clamp(t.linear.z, limits.vertical) },
    angular: { x: clamp(t.angular.x, limits.angular), y: clamp(t.angular.y, limits.angular), z: clamp(t.angular.z, limits.angular) },
  };
  return { twist, nonfinite: false, clamped };
}

export function validateLimits(limits: Limits): void {
  for (const [name, v] of Object.entries(limits)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`limit ${name} must be a finite number >= 0, got ${v}`);
  }
}

export function sameTwist(a: Twist, b: Twist): boolean {
  return a.linear.x === b.linear.x && a.linear.y === b.linear.y && a.linear.z === b.linear.z
    && a.angular.x === b.angular.x && a.angular.y === b.angular.y && a.angular.z === b.angular.z;
}

export function isZeroTwist(t: Twist): boolean {
  return sameTwist(t, zeroTwist());
}

export function copyTwist(t: Twist): Twist {
  return { linear: { ...t.linear }, angular: { ...t.angular } };
}
