import { Axis, Btn, neutralPad } from './pad.ts';
import type { PadState } from './pad.ts';

/**
 * Keys held -> the standard pad layout, so keyboard driving goes through the same mapping
 * as a gamepad. Keys are KeyboardEvent.code values (layout-independent: WASD stays put
 * on AZERTY). Pure and Node-free: the renderer imports it.
 *
 * Shift = enable (LB), Ctrl = turbo (RB), Space = A. W/S or Up/Down = forward/back,
 * A/D or Left/Right = turn, R/F = up/down, Q/E = strafe left/right. Opposite keys cancel.
 *
 * Layout 'rover' puts forward/back on LY and up/down on RY (matches defaultMapping);
 * 'mode2' swaps them (forward on RY, climb on LY) so the same keys fly droneMapping.
 */
export type KeyboardLayout = 'rover' | 'mode2';

const FORWARD = ['KeyW', 'ArrowUp'];
const BACK = ['KeyS', 'ArrowDown'];
const LEFT = ['KeyA', 'ArrowLeft'];
const RIGHT = ['KeyD', 'ArrowRight'];
const ENABLE = ['ShiftLeft', 'ShiftRight'];
const TURBO = ['ControlLeft', 'ControlRight'];

export const KEYBOARD_CODES: readonly string[] = [
  ...FORWARD, ...BACK, ...LEFT, ...RIGHT, ...ENABLE, ...TURBO, 'KeyR', 'KeyF', 'KeyQ', 'KeyE', 'Space',
];

export function keyboardPad(held: Iterable<string>, layout: KeyboardLayout = 'rover'): PadState {
  const keys = new Set(held);
  const any = (codes: readonly string[]) => codes.some((c) => keys.has(c));
  // W3C layout: up and left are negative.
  const axis = (neg: boolean, pos: boolean) => (neg === pos ? 0 : neg ? -1 : 1);
  const pad = neutralPad();
  const drive = axis(any(FORWARD), any(BACK));
  const climb = axis(keys.has('KeyR'), keys.has('KeyF'));
  pad.axes[Axis.LX] = axis(any(LEFT), any(RIGHT));
  pad.axes[Axis.RX] = axis(keys.has('KeyQ'), keys.has('KeyE'));
  pad.axes[Axis.LY] = layout === 'rover' ? drive : climb;
  pad.axes[Axis.RY] = layout === 'rover' ? climb : drive;
  pad.buttons[Btn.LB] = any(ENABLE) ? 1 : 0;
  pad.buttons[Btn.RB] = any(TURBO) ? 1 : 0;
  pad.buttons[Btn.A] = keys.has('Space') ? 1 : 0;
  return pad;
}
