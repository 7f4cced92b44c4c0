import type { Twist } from '../ros/messages.ts';
import type { TeleopMapping } from './mapping.ts';
import { neutralPad, type PadState } from './pad.ts';

/**
 * The pad state that `mapPad` turns into `twist` (as closely as the axes allow): how a
 * synthetic operator drives through the very path a person's gamepad takes. Turbo is held
 * when the normal scales cannot reach the command.
 */
export function padForTwist(twist: Twist, m: TeleopMapping): PadState {
  const pad = neutralPad();
  if (m.enable_button >= 0) pad.buttons[m.enable_button] = 1;
  const wants = [
    { v: twist.linear.x, axis: m.axis_linear.x, s: m.scale_linear.x, st: m.scale_linear_turbo.x, inv: m.invert.x },
    { v: twist.linear.y, axis: m.axis_linear.y, s: m.scale_linear.y, st: m.scale_linear_turbo.y, inv: m.invert.y },
    { v: twist.linear.z, axis: m.axis_linear.z, s: m.scale_linear.z, st: m.scale_linear_turbo.z, inv: m.invert.z },
    { v: twist.angular.z, axis: m.axis_angular.yaw, s: m.scale_angular.yaw, st: m.scale_angular_turbo.yaw, inv: m.invert.yaw },
  ].filter((w) => w.axis >= 0 && w.s !== 0 && Number.isFinite(w.v));
  const turbo = m.enable_turbo_button >= 0 && wants.some((w) => Math.abs(w.v) > Math.abs(w.s) && Math.abs(w.st) > Math.abs(w.s));
  if (turbo) pad.buttons[m.enable_turbo_button] = 1;
  for (const w of wants) {
    const scale = turbo ? w.st : w.s;
    const joy = Math.max(-1, Math.min(1, w.v / scale));
    // mapPad: twist = scale * (inv ? 1 : -1) * deadzoned(axis); undo the deadzone rescale.
    const dz = joy === 0 ? 0 : Math.sign(joy) * (Math.abs(joy) * (1 - m.deadzone) + m.deadzone);
    pad.axes[w.axis] = w.inv ? dz : -dz;
  }
  return pad;
}
