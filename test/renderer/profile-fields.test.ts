import { describe, expect, it } from 'vitest';
import { checkText, defaultProfile, fieldForError, getPath, PROFILE_FIELDS, readNumber, setPath } from '../../renderer/dialog/profile-fields.ts';

function leaves(v: unknown, prefix = ''): string[] {
  if (typeof v !== 'object' || v === null) return [prefix];
  return Object.entries(v).flatMap(([k, child]) => leaves(child, prefix ? `${prefix}.${k}` : k));
}

describe('profile form fields', () => {
  it('cover every RobotProfile field exactly once', () => {
    const fields = PROFILE_FIELDS.map((f) => f.path);
    expect(new Set(fields).size).toBe(fields.length);
    expect([...fields].sort()).toEqual(leaves(defaultProfile('x')).sort());
  });

  it('offer every value the default profile holds in its selects', () => {
    const p = defaultProfile('x');
    for (const f of PROFILE_FIELDS.filter((f) => f.kind === 'select')) {
      expect(f.options?.map((o) => o.value), f.path).toContain(String(getPath(p, f.path)));
    }
  });

  it('writes nested paths', () => {
    const o: Record<string, unknown> = {};
    setPath(o, 'mapping.axis_linear.x', 3);
    expect(o).toEqual({ mapping: { axis_linear: { x: 3 } } });
    expect(getPath(o, 'mapping.axis_linear.x')).toBe(3);
    expect(getPath(o, 'mapping.nope.x')).toBeUndefined();
  });

  it('reads numbers with the field limits', () => {
    const rate = PROFILE_FIELDS.find((f) => f.path === 'rateHz')!;
    const timeout = PROFILE_FIELDS.find((f) => f.path === 'inputTimeoutMs')!;
    expect(readNumber(rate, ' 50 ')).toBe(50);
    expect(readNumber(rate, '')).toBe('required');
    expect(readNumber(rate, 'fast')).toBe('not a number');
    expect(readNumber(rate, '0')).toBe('at least 1');
    expect(readNumber(timeout, '12.5')).toBe('whole number');
  });

  it('checks URLs and topics', () => {
    const url = PROFILE_FIELDS.find((f) => f.path === 'url')!;
    const scan = PROFILE_FIELDS.find((f) => f.path === 'scanTopic')!;
    expect(checkText(url, 'ws://robot:9090')).toBeNull();
    expect(checkText(url, 'http://robot')).toMatch(/ws:\/\//);
    expect(checkText(scan, '')).toBeNull();
    expect(checkText(scan, 'scan')).toBeNull();
    expect(checkText(scan, '/my scan')).toMatch(/ROS topic name/);
  });

  it('finds the field an error from the core names, preferring the most specific', () => {
    expect(fieldForError('mapping.deadzone must be below 0.5')).toBe('mapping.deadzone');
    expect(fieldForError('scale_linear_turbo.x must be finite')).toBe('mapping.scale_linear_turbo.x');
    expect(fieldForError('enable_turbo_button out of range')).toBe('mapping.enable_turbo_button');
    expect(fieldForError('disk full')).toBeNull();
  });
});
