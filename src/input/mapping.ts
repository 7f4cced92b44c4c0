import type { Twist } from '../ros/messages.ts';
import { Axis, Btn } from './pad.ts';
import type { PadState } from './pad.ts';

export { validateMapping } from './mapping-validate.ts';

/**
 * Axis mapping and scales in teleop_twist_joy's terms. Axis and button indexes refer to
 * the W3C standard layout (see pad.ts); signs follow ROS joy (forward and left positive),
 * so a standard-layout axis is negated before scaling. An index of -1 disables that output.
 */
export interface TeleopMapping {
  enable_button: number;
  enable_turbo_button: number;
  axis_linear: { x: number; y: number; z: number };
  scale_linear: { x: number; y: number; z: number };
  scale_linear_turbo: { x: number; y: number; z: number };
  axis_angular: { yaw: number; pitch: number; roll: number };
  scale_angular: { yaw: number; pitch: number; roll: number };
  scale_angular_turbo: { yaw: number; pitch: number; roll: number };
  /** joy's deadzone with rescale: (|v| - dz) / (1 - dz). */
  deadzone: number;
  /** Per-axis inversion applied after the ROS joy sign flip (true = flip again). */
  invert: { x: boolean; y: boolean; z: boolean; yaw: boolean; pitch: boolean; roll: boolean };
}

export interface TeleopCommand {
  twist: Twist;
  /** The deadman/enable button is held. */
  enable: boolean;
  turbo: boolean;
}

export type MapPad = (pad: PadState, mapping: TeleopMapping) => TeleopCommand;

/** Button values at or above this count as pressed (analog triggers can serve as buttons). */
export const PRESSED = 0.5;

export function pressed(pad: PadState, index: number): boolean {
  if (index < 0) return false;
  const v = pad.buttons[index];
  return v !== undefined && Number.isFinite(v) && v >= PRESSED;
}

/** joy's deadzone with rescale, after clamping; NaN/Inf read as centred. */
export function applyDeadzone(v: number, deadzone: number): number {
  if (!Number.isFinite(v)) return 0;
  const c = Math.min(1, Math.max(-1, v));
  const mag = Math.abs(c);
  if (mag <= deadzone) return 0;
  return (Math.sign(c) * (mag - deadzone)) / (1 - deadzone);
}

/** An axis in ROS joy's sign convention (forward/left positive), or 0 if disabled. */
function joyAxis(pad: PadState, index: number, deadzone: number, invert: boolean): number {
  if (index < 0) return 0;
  const v = -applyDeadzone(pad.axes[index] ?? 0, deadzone);
  const out = invert ? -v : v;
  return out === 0 ? 0 : out; // no -0 on the wire
}

/**
 * teleop_twist_joy's mapping with one deliberate difference: the turbo button only selects
 * the turbo scales while the enable (deadman) button is held. In teleop_twist_joy turbo
 * alone also drives; here manual driving always needs the deadman (DESIGN: Safety).
 * Without the deadman the twist is zero.
 */
export const mapPad: MapPad = (pad, m) => {
  const enable = pressed(pad, m.enable_button);
  const turbo = enable && pressed(pad, m.enable_turbo_button);
  const twist = { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } };
  if (!enable) return { twist, enable, turbo };
  const sl = turbo ? m.scale_linear_turbo : m.scale_linear;
  const sa = turbo ? m.scale_angular_turbo : m.scale_angular;
  const dz = m.deadzone;
  twist.linear.x = sl.x * joyAxis(pad, m.axis_linear.x, dz, m.invert.x);
  twist.linear.y = sl.y * joyAxis(pad, m.axis_linear.y, dz, m.invert.y);
  twist.linear.z = sl.z * joyAxis(pad, m.axis_linear.z, dz, m.invert.z);
  twist.angular.z = sa.yaw * joyAxis(pad, m.axis_angular.yaw, dz, m.invert.yaw);
  twist.angular.y = sa.pitch * joyAxis(pad, m.axis_angular.pitch, dz, m.invert.pitch);
  twist.angular.x = sa.roll * joyAxis(pad, m.axis_angular.roll, dz, m.invert.roll);
  for (const v of [twist.linear, twist.angular]) {
    for (const k of ['x', 'y', 'z'] as const) if (!Number.isFinite(v[k]) || v[k] === 0) v[k] = 0;
  }
  return { twist, enable, turbo };
};

const noInvert = () => ({ x: false, y: false, z: false, yaw: false, pitch: false, roll: false });

/**
 * Ground robots: hold LB to drive, RB for turbo; left stick forward/back and turn,
 * right stick up/down for robots that have a z (ignored by rovers).
 */
export function defaultMapping(): TeleopMapping {
  return {
    enable_button: Btn.LB,
    enable_turbo_button: Btn.RB,
    axis_linear: { x: Axis.LY, y: -1, z: Axis.RY },
    scale_linear: { x: 1.0, y: 0, z: 0.8 },
    scale_linear_turbo: { x: 2.0, y: 0, z: 1.6 },
    axis_angular: { yaw: Axis.LX, pitch: -1, roll: -1 },
    scale_angular: { yaw: 1.2, pitch: 0, roll: 0 },
    scale_angular_turbo: { yaw: 2.4, pitch: 0, roll: 0 },
    deadzone: 0.05,
    invert: noInvert(),
  };
}

/**
 * The forest quadrotor, flown like an RC transmitter in Mode 2 (the common default):
 * left stick = climb/descend (LY) and yaw (LX), right stick = forward/back (RY) and
 * sideways (RX). Velocities, not attitudes: the simulator takes a Twist, so "pitch" and
 * "roll" sticks command linear.x and linear.y. LB enables, RB selects turbo.
 */
export function droneMapping(): TeleopMapping {
  return {
    enable_button: Btn.LB,
    enable_turbo_button: Btn.RB,
    axis_linear: { x: Axis.RY, y: Axis.RX, z: Axis.LY },
    scale_linear: { x: 2.0, y: 1.5, z: 1.0 },
    scale_linear_turbo: { x: 4.0, y: 3.0, z: 2.0 },
    axis_angular: { yaw: Axis.LX, pitch: -1, roll: -1 },
    scale_angular: { yaw: 1.5, pitch: 0, roll: 0 },
    scale_angular_turbo: { yaw: 3.0, pitch: 0, roll: 0 },
    deadzone: 0.05,
    invert: noInvert(),
  };
}
