import { describe, expect, it } from 'vitest';
import { keyboardPad } from '../../src/input/keyboard.ts';
import { defaultMapping, droneMapping, mapPad } from '../../src/input/mapping.ts';
import { Axis, Btn, neutralPad } from '../../src/input/pad.ts';

describe('keyboardPad', () => {
  it('is neutral with no keys (and ignores keys it does not know)', () => {
    expect(keyboardPad([])).toEqual(neutralPad());
    expect(keyboardPad(['KeyZ', 'Digit1'])).toEqual(neutralPad());
  });

  it.each([
    [['KeyW'], Axis.LY, -1], [['ArrowUp'], Axis.LY, -1],
    [['KeyS'], Axis.LY, 1], [['ArrowDown'], Axis.LY, 1],
    [['KeyA'], Axis.LX, -1], [['ArrowLeft'], Axis.LX, -1],
    [['KeyD'], Axis.LX, 1], [['ArrowRight'], Axis.LX, 1],
    [['KeyR'], Axis.RY, -1], [['KeyF'], Axis.RY, 1],
    [['KeyQ'], Axis.RX, -1], [['KeyE'], Axis.RX, 1],
  ])('%j moves axis %i to %i in the W3C layout', (keys, axis, value) => {
    const p = keyboardPad(keys);
    expect(p.axes[axis]).toBe(value);
    expect(p.axes.filter((a) => a !== 0)).toHaveLength(1);
  });

  it.each([
    [['ShiftLeft'], Btn.LB], [['ShiftRight'], Btn.LB],
    [['ControlLeft'], Btn.RB], [['ControlRight'], Btn.RB], [['Space'], Btn.A],
  ])('%j presses button %i', (keys, btn) => {
    const p = keyboardPad(keys);
    expect(p.buttons[btn]).toBe(1);
    expect(p.buttons.filter((b) => b !== 0)).toHaveLength(1);
  });

  it('cancels opposite keys, including across the two key sets', () => {
    expect(keyboardPad(['KeyW', 'KeyS']).axes[Axis.LY]).toBe(0);
    expect(keyboardPad(['KeyW', 'ArrowDown']).axes[Axis.LY]).toBe(0);
    expect(keyboardPad(['KeyA', 'KeyD']).axes[Axis.LX]).toBe(0);
    expect(keyboardPad(['KeyQ', 'KeyE', 'KeyR', 'KeyF']).axes).toEqual([0, 0, 0, 0]);
  });

  it('combines directions', () => {
    expect(keyboardPad(['KeyW', 'KeyD', 'KeyR', 'KeyQ']).axes).toEqual([1, -1, -1, -1]);
  });

  it('drives forward and turns left through the default mapping with Shift held', () => {
    const t = mapPad(keyboardPad(['ShiftLeft', 'KeyW', 'KeyA']), defaultMapping()).twist;
    expect(t.linear.x).toBeCloseTo(1.0);
    expect(t.angular.z).toBeCloseTo(1.2);
    expect(mapPad(keyboardPad(['KeyW']), defaultMapping()).enable).toBe(false);
  });

  it('in mode2 the same keys fly the drone: W forward, R climbs, Q strafes left', () => {
    const t = mapPad(keyboardPad(['ShiftLeft', 'KeyW', 'KeyR', 'KeyQ'], 'mode2'), droneMapping()).twist;
    const m = droneMapping();
    expect(t.linear.x).toBeCloseTo(m.scale_linear.x);
    expect(t.linear.z).toBeCloseTo(m.scale_linear.z);
    expect(t.linear.y).toBeCloseTo(m.scale_linear.y);
  });

  it('accepts any iterable of codes', () => {
    expect(keyboardPad(new Set(['KeyS'])).axes[Axis.LY]).toBe(1);
  });
});
