import { AXIS_COUNT, BUTTON_COUNT } from './pad.ts';
import type { PadState } from './pad.ts';

/** Browser gamepads may report more than the standard set; beyond this we ignore them. */
const MAX_ENTRIES = 32;

/**
 * A pad state from the wire (renderer input, saved sessions) made safe: arrays of at least
 * the standard length, axes clamped to -1..1, buttons to 0..1, NaN/Inf and non-numbers
 * read as 0. Null when either part is not an array at all.
 */
export function sanitizePad(axes: unknown, buttons: unknown): PadState | null {
  if (!Array.isArray(axes) || !Array.isArray(buttons)) return null;
  return { axes: clean(axes, AXIS_COUNT, -1), buttons: clean(buttons, BUTTON_COUNT, 0) };
}

function clean(values: unknown[], min: number, lo: number): number[] {
  const n = Math.max(min, Math.min(values.length, MAX_ENTRIES));
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(lo, v)) : 0;
  }
  return out;
}
