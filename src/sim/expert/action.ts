/** Twist <-> the recorded action vector (ACTION_FIELDS order: linear x, y, z, angular z). */
import { ACTION_FIELDS } from '../../record/frame.ts';
import type { Twist } from '../../ros/messages.ts';

export { ACTION_FIELDS };

export function twistToAction(t: Twist): number[] {
  return [t.linear.x, t.linear.y, t.linear.z, t.angular.z];
}

export function actionToTwist(a: readonly number[]): Twist {
  if (a.length !== ACTION_FIELDS.length) throw new Error(`actionToTwist: need ${ACTION_FIELDS.length} values, got ${a.length}`);
  return { linear: { x: a[0] as number, y: a[1] as number, z: a[2] as number }, angular: { x: 0, y: 0, z: a[3] as number } };
}
