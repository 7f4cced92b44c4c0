import { describe, expect, it } from 'vitest';
import { defaultMapping, droneMapping, validateMapping } from '../../src/input/mapping.ts';

const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('validateMapping', () => {
  it('accepts the built-in mappings after a trip through JSON', () => {
    expect(validateMapping(roundTrip(defaultMapping()))).toEqual(defaultMapping());
    expect(validateMapping(roundTrip(droneMapping()))).toEqual(droneMapping());
  });

  it('defaults a missing invert block to no inversion', () => {
    const { invert: _invert, ...rest } = defaultMapping();
    expect(validateMapping(roundTrip(rest))).toEqual(defaultMapping());
  });

  it('drops unknown fields', () => {
    const v = validateMapping({ ...defaultMapping(), extra: 1 });
    expect(v).not.toHaveProperty('extra');
  });

  it.each([
    [null, 'mapping'],
    ['x', 'mapping'],
    [{ ...defaultMapping(), enable_button: -1 }, 'enable_button'],
    [{ ...defaultMapping(), enable_button: 1.5 }, 'enable_button'],
    [{ ...defaultMapping(), enable_turbo_button: '5' }, 'enable_turbo_button'],
    [{ ...defaultMapping(), axis_linear: { x: 1, y: -2, z: 3 } }, 'axis_linear.y'],
    [{ ...defaultMapping(), axis_linear: [1, 2, 3] }, 'axis_linear'],
    [{ ...defaultMapping(), scale_linear: { x: 1, y: 0, z: null } }, 'scale_linear.z'],
    [{ ...defaultMapping(), scale_linear_turbo: { x: 1e9, y: 0, z: 0 } }, 'scale_linear_turbo.x'],
    [{ ...defaultMapping(), axis_angular: { yaw: 0, pitch: -1 } }, 'axis_angular.roll'],
    [{ ...defaultMapping(), scale_angular: undefined }, 'scale_angular'],
    [{ ...defaultMapping(), scale_angular_turbo: { yaw: 1, pitch: 0, roll: 'a' } }, 'scale_angular_turbo.roll'],
    [{ ...defaultMapping(), deadzone: 1 }, 'deadzone'],
    [{ ...defaultMapping(), deadzone: -0.1 }, 'deadzone'],
    [{ ...defaultMapping(), invert: { yaw: 'yes' } }, 'invert.yaw'],
  ])('rejects %j naming %s', (value, field) => {
    const v = validateMapping(value);
    expect(typeof v).toBe('string');
    expect((v as string).startsWith(`${field}:`)).toBe(true);
  });

  it('does not accept NaN scales (JSON cannot carry them, but IPC might)', () => {
    const v = validateMapping({ ...defaultMapping(), scale_angular: { yaw: Number.NaN, pitch: 0, roll: 0 } });
    expect(v).toMatch(/^scale_angular\.yaw:/);
  });
});
