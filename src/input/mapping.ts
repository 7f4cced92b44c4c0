import type { Twist } from '../ros/messages.ts';
import type { PadState } from './pad.ts';

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
