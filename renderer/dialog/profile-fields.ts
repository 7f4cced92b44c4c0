import type { RobotProfile } from '../../src/app/contract.ts';
import { defaultMapping } from '../../src/input/mapping.ts';

/**
 * Every RobotProfile field as a form field. The editor is generated from this list, so a
 * field added to the profile needs one line here to become editable. Pure: no DOM.
 */
export type FieldKind = 'text' | 'number' | 'select' | 'checkbox';

export interface FieldOption { value: string; label: string }

export interface FieldSpec {
  path: string;
  label: string;
  kind: FieldKind;
  group: string;
  options?: readonly FieldOption[];
  /** Numbers: whole numbers only. */
  integer?: boolean;
  min?: number;
  max?: number;
  unit?: string;
  help?: string;
  placeholder?: string;
}

const BUTTON_NAMES = ['A / cross', 'B / circle', 'X / square', 'Y / triangle', 'LB (left bumper)', 'RB (right bumper)',
  'LT (left trigger)', 'RT (right trigger)', 'Back / share', 'Start / options', 'Left stick click', 'Right stick click',
  'D-pad up', 'D-pad down', 'D-pad left', 'D-pad right', 'Home / PS'];
const AXIS_NAMES = ['Left stick X', 'Left stick Y', 'Right stick X', 'Right stick Y'];

const NONE: FieldOption = { value: '-1', label: '-1 · none' };
export const BUTTON_OPTIONS: readonly FieldOption[] = [NONE, ...BUTTON_NAMES.map((n, i) => ({ value: String(i), label: `${i} · ${n}` }))];
export const AXIS_OPTIONS: readonly FieldOption[] = [NONE, ...AXIS_NAMES.map((n, i) => ({ value: String(i), label: `${i} · ${n}` }))];

const LIN = ['x', 'y', 'z'] as const;
const ANG = ['yaw', 'pitch', 'roll'] as const;
const LIN_LABEL = { x: 'x (forward)', y: 'y (left)', z: 'z (up)' } as const;

function axisFields(prefix: 'axis_linear' | 'axis_angular', names: readonly string[], labels: Record<string, string>): FieldSpec[] {
  return names.map((n) => ({ path: `mapping.${prefix}.${n}`, label: `${prefix}.${labels[n] ?? n}`, kind: 'select', group: 'Gamepad axes', options: AXIS_OPTIONS }));
}

function scaleFields(prefix: string, names: readonly string[], unit: string): FieldSpec[] {
  return names.map((n) => ({ path: `mapping.${prefix}.${n}`, label: `${prefix}.${n}`, kind: 'number', group: 'Gamepad scales', unit, min: -100, max: 100 }));
}

export const PROFILE_FIELDS: readonly FieldSpec[] = [
  { path: 'name', label: 'Name', kind: 'text', group: 'Robot', placeholder: 'lab-rover', help: 'Unique. Renaming a profile here replaces the old one.' },
  { path: 'url', label: 'rosbridge URL', kind: 'text', group: 'Robot', placeholder: 'ws://robot.local:9090' },
  { path: 'cmdTopic', label: 'Command topic', kind: 'text', group: 'Topics', placeholder: '/cmd_vel' },
  { path: 'cmdType', label: 'Command type', kind: 'select', group: 'Topics', options: [
    { value: 'geometry_msgs/Twist', label: 'geometry_msgs/Twist' }, { value: 'geometry_msgs/TwistStamped', label: 'geometry_msgs/TwistStamped' }] },
  { path: 'odomTopic', label: 'Odometry topic', kind: 'text', group: 'Topics', placeholder: '/odom' },
  { path: 'scanTopic', label: 'Laser scan topic', kind: 'text', group: 'Topics', placeholder: '/scan', help: 'Leave empty if the robot has no laser.' },
  { path: 'markersTopic', label: 'Markers topic', kind: 'text', group: 'Topics', placeholder: '/markers', help: 'visualization_msgs/MarkerArray; may be empty.' },
  { path: 'rateHz', label: 'Command rate', kind: 'number', group: 'Safety', unit: 'Hz', min: 1, max: 500 },
  { path: 'limits.linear', label: 'Max linear speed', kind: 'number', group: 'Safety', unit: 'm/s', min: 0, max: 50 },
  { path: 'limits.angular', label: 'Max yaw rate', kind: 'number', group: 'Safety', unit: 'rad/s', min: 0, max: 50 },
  { path: 'limits.vertical', label: 'Max vertical speed', kind: 'number', group: 'Safety', unit: 'm/s', min: 0, max: 50 },
  { path: 'onRelease', label: 'On enable release', kind: 'select', group: 'Safety', options: [
    { value: 'silence', label: 'one zero, then silence (teleop_twist_joy)' }, { value: 'zero-stream', label: 'keep sending zeros' }] },
  { path: 'inputTimeoutMs', label: 'Input timeout', kind: 'number', group: 'Safety', unit: 'ms', integer: true, min: 50, max: 5000,
    help: 'Input silent this long while driving: safe stop.' },
  { path: 'mapping.enable_button', label: 'enable_button (deadman)', kind: 'select', group: 'Gamepad buttons', options: BUTTON_OPTIONS },
  { path: 'mapping.enable_turbo_button', label: 'enable_turbo_button', kind: 'select', group: 'Gamepad buttons', options: BUTTON_OPTIONS },
  ...axisFields('axis_linear', LIN, LIN_LABEL),
  ...axisFields('axis_angular', ANG, {}),
  ...scaleFields('scale_linear', LIN, 'm/s'),
  ...scaleFields('scale_linear_turbo', LIN, 'm/s'),
  ...scaleFields('scale_angular', ANG, 'rad/s'),
  ...scaleFields('scale_angular_turbo', ANG, 'rad/s'),
  { path: 'mapping.deadzone', label: 'deadzone', kind: 'number', group: 'Gamepad scales', min: 0, max: 0.9, help: 'Stick travel ignored near centre (0.05 = 5 %).' },
  ...(['x', 'y', 'z', 'yaw', 'pitch', 'roll'] as const).map((n): FieldSpec => ({
    path: `mapping.invert.${n}`, label: `invert ${n}`, kind: 'checkbox', group: 'Gamepad inversion' })),
];

/** A cautious start for a real robot; the gamepad mapping is the core's default (LB deadman, RB turbo, left stick). */
export function defaultProfile(name = ''): RobotProfile {
  return {
    name, url: 'ws://robot:9090', cmdTopic: '/cmd_vel', cmdType: 'geometry_msgs/Twist',
    odomTopic: '/odom', scanTopic: '/scan', markersTopic: '', rateHz: 50,
    limits: { linear: 0.5, angular: 1.0, vertical: 0 },
    onRelease: 'silence', inputTimeoutMs: 500,
    mapping: defaultMapping(),
  };
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Writes into a copy-safe nested object, creating missing levels. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop();
  if (last === undefined) throw new Error(`setPath: empty path`);
  let cur = obj;
  for (const part of parts) {
    const next = cur[part];
    if (typeof next !== 'object' || next === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[last] = value;
}

/** A number field's text as a value, or why it is not one. */
export function readNumber(spec: FieldSpec, text: string): number | string {
  if (text.trim() === '') return 'required';
  const v = Number(text);
  if (!Number.isFinite(v)) return 'not a number';
  if (spec.integer && !Number.isInteger(v)) return 'whole number';
  if (spec.min !== undefined && v < spec.min) return `at least ${spec.min}`;
  if (spec.max !== undefined && v > spec.max) return `at most ${spec.max}`;
  return v;
}

/** The core's rule for topic names (src/app/profiles.ts). */
const TOPIC = /^\/?[A-Za-z_][A-Za-z0-9_/]*$/;

/** Checks the fields the core cannot guess at; the core validates the rest and its errors are shown too. */
export function checkText(spec: FieldSpec, text: string): string | null {
  const t = text.trim();
  if (spec.path === 'name' && t === '') return 'a profile needs a name';
  if (spec.path === 'url' && !/^wss?:\/\/[^\s/]+/.test(t)) return 'ws:// or wss:// address, e.g. ws://robot:9090';
  if ((spec.path === 'cmdTopic' || spec.path === 'odomTopic') && !TOPIC.test(t)) return 'a ROS topic name such as /cmd_vel';
  if ((spec.path === 'scanTopic' || spec.path === 'markersTopic') && t !== '' && !TOPIC.test(t)) return 'a ROS topic name, or empty';
  return null;
}

/** Which field an error text from the core is about, if it names one (longest match wins). */
export function fieldForError(error: string): string | null {
  let best: string | null = null;
  for (const f of PROFILE_FIELDS) {
    const leaf = f.path.replace(/^mapping\./, '');
    if ((error.includes(f.path) || error.includes(leaf)) && (best === null || f.path.length > best.length)) best = f.path;
  }
  return best;
}
