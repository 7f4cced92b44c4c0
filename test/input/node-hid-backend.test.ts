import { describe, expect, it } from 'vitest';
import { HidOpenError } from '../../src/input/hid-backend.ts';
import { loadNodeHidBackend } from '../../src/input/node-hid-backend.ts';
import { sanitizePad } from '../../src/input/pad-sanitize.ts';

describe('node-hid backend (the real module, installed here as an optional dependency)', () => {
  it('loads, lists devices and reports a failed open as HidOpenError', async () => {
    const backend = await loadNodeHidBackend();
    const list = await backend.list();
    expect(Array.isArray(list)).toBe(true);
    for (const d of list) expect(typeof d.path).toBe('string');
    const failure = await backend.open('/dev/hidraw-intervene-none').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HidOpenError);
    expect((failure as HidOpenError).failure).toBe('other');
  });
});

describe('sanitizePad', () => {
  it('rejects non-arrays and cleans values', () => {
    expect(sanitizePad('x', [])).toBeNull();
    expect(sanitizePad([], null)).toBeNull();
    const p = sanitizePad([0.5, 'a', null], [true, 0.5]);
    expect(p?.axes).toEqual([0.5, 0, 0, 0]);
    expect(p?.buttons[0]).toBe(0);
    expect(p?.buttons[1]).toBe(0.5);
    expect(sanitizePad(new Array(100).fill(0), [])?.axes).toHaveLength(32);
  });
});
