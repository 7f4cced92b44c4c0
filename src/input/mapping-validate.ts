import type { TeleopMapping } from './mapping.ts';

/**
 * Checks a mapping read from disk (or sent over IPC). Returns the mapping, rebuilt from
 * the fields we know, or a message naming the first bad field. `invert` may be absent
 * (all false): profiles written before it existed stay valid.
 */
export function validateMapping(value: unknown): TeleopMapping | string {
  try {
    const v = obj(value, 'mapping');
    const axis3 = (name: string) => { const o = obj(v[name], name); return { x: index(o.x, `${name}.x`), y: index(o.y, `${name}.y`), z: index(o.z, `${name}.z`) }; };
    const scale3 = (name: string) => { const o = obj(v[name], name); return { x: scale(o.x, `${name}.x`), y: scale(o.y, `${name}.y`), z: scale(o.z, `${name}.z`) }; };
    const axisRpy = (name: string) => { const o = obj(v[name], name); return { yaw: index(o.yaw, `${name}.yaw`), pitch: index(o.pitch, `${name}.pitch`), roll: index(o.roll, `${name}.roll`) }; };
    const scaleRpy = (name: string) => { const o = obj(v[name], name); return { yaw: scale(o.yaw, `${name}.yaw`), pitch: scale(o.pitch, `${name}.pitch`), roll: scale(o.roll, `${name}.roll`) }; };
    const enable = index(v.enable_button, 'enable_button');
    // Without a deadman nothing would ever gate manual driving.
    if (enable < 0) return 'enable_button: must name a button (>= 0), got -1';
    const mapping: TeleopMapping = {
      enable_button: enable,
      enable_turbo_button: index(v.enable_turbo_button, 'enable_turbo_button'),
      axis_linear: axis3('axis_linear'),
      scale_linear: scale3('scale_linear'),
      scale_linear_turbo: scale3('scale_linear_turbo'),
      axis_angular: axisRpy('axis_angular'),
      scale_angular: scaleRpy('scale_angular'),
      scale_angular_turbo: scaleRpy('scale_angular_turbo'),
      deadzone: deadzone(v.deadzone),
      invert: invert(v.invert),
    };
    return mapping;
  } catch (e) {
    if (e instanceof FieldError) return e.message;
    throw e;
  }
}

class FieldError extends Error {}

function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new FieldError(`${field}: expected an object, got ${show(v)}`);
  return v as Record<string, unknown>;
}

/** Axis and button indexes: an integer, -1 disables. 32 covers any browser gamepad. */
function index(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -1 || v > 31) throw new FieldError(`${field}: expected an integer from -1 to 31, got ${show(v)}`);
  return v;
}

/** Scales may be negative (a deliberate flip) but must be finite and sane. */
function scale(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 100) throw new FieldError(`${field}: expected a finite number within ±100, got ${show(v)}`);
  return v;
}

function deadzone(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) throw new FieldError(`deadzone: expected a number in [0, 1), got ${show(v)}`);
  return v;
}

function invert(v: unknown): TeleopMapping['invert'] {
  const out = { x: false, y: false, z: false, yaw: false, pitch: false, roll: false };
  if (v === undefined) return out;
  const o = obj(v, 'invert');
  for (const k of Object.keys(out) as Array<keyof typeof out>) {
    const b = o[k];
    if (b === undefined) continue;
    if (typeof b !== 'boolean') throw new FieldError(`invert.${k}: expected true or false, got ${show(b)}`);
    out[k] = b;
  }
  return out;
}

function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return Array.isArray(v) ? 'an array' : typeof v;
}
