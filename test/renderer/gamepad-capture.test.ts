import { describe, expect, it } from 'vitest';
import type { RendererInput } from '../../src/app/contract.ts';
import { GamepadCapture, gamepadState, type GamepadLike } from '../../renderer/input/gamepad-capture.ts';

function pad(index: number, over: Partial<GamepadLike> = {}): GamepadLike {
  return {
    index, id: `Xbox Wireless Controller (${index})`, mapping: 'standard', connected: true,
    axes: [0, 0, 0, 0], buttons: Array.from({ length: 17 }, () => ({ value: 0, pressed: false })), ...over,
  };
}

describe('GamepadCapture', () => {
  it('forwards each connected pad, flags non-standard mappings, and reports unplugged pads gone', () => {
    const sent: RendererInput[] = [];
    const gone: string[] = [];
    let pads: Array<GamepadLike | null> = [pad(0), null, pad(2, { mapping: '', id: 'Generic USB Joystick' })];
    const cap = new GamepadCapture({ input: (i) => sent.push(i), gone: (id) => gone.push(id) }, () => pads);
    cap.poll(0);
    expect(sent.map((s) => s.sourceId)).toEqual(['gamepad-0', 'gamepad-2']);
    expect(sent[0]).toMatchObject({ kind: 'browser-gamepad', label: 'Xbox Wireless Controller (0)' });
    expect(sent[1]?.label).toBe('Generic USB Joystick (non-standard mapping: buttons may be misread)');
    cap.poll(16);
    expect(sent).toHaveLength(2);
    cap.poll(60);
    expect(sent).toHaveLength(4);
    pads = [pad(0), null, null];
    cap.poll(70);
    expect(gone).toEqual(['gamepad-2']);
    expect(cap.connectedCount).toBe(1);
    cap.releaseAll();
    expect(gone).toEqual(['gamepad-2', 'gamepad-0']);
  });

  it('reads a pressed button whose driver reports value 0 as pressed, and non-finite axes as centred', () => {
    const buttons = Array.from({ length: 17 }, () => ({ value: 0, pressed: false }));
    buttons[4] = { value: 0, pressed: true };
    buttons[7] = { value: 0.4, pressed: true };
    const state = gamepadState(pad(0, { axes: [NaN, 0.5, 0, 0], buttons }));
    expect(state.buttons[4]).toBe(1);
    expect(state.buttons[7]).toBe(0.4);
    expect(state.axes).toEqual([0, 0.5, 0, 0]);
  });
});
