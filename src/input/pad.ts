/**
 * The internal form of every input source: the W3C Gamepad "standard" layout.
 * Axes 0-3 = LX, LY, RX, RY in -1..1 with up and left negative; buttons 0..16 in 0..1.
 */
export const Btn = {
  A: 0, B: 1, X: 2, Y: 3, LB: 4, RB: 5, LT: 6, RT: 7, BACK: 8, START: 9,
  LS: 10, RS: 11, UP: 12, DOWN: 13, LEFT: 14, RIGHT: 15, HOME: 16,
} as const;
export const Axis = { LX: 0, LY: 1, RX: 2, RY: 3 } as const;

export const BUTTON_COUNT = 17;
export const AXIS_COUNT = 4;

export interface PadState {
  axes: number[];
  buttons: number[];
}

export type SourceKind = 'hid' | 'browser-gamepad' | 'keyboard' | 'virtual';

/** One reading from one input source, stamped with the app clock when it arrived. */
export interface InputSample {
  sourceId: string;
  kind: SourceKind;
  label: string;
  state: PadState;
  t: number;
}

export function neutralPad(): PadState {
  return { axes: new Array<number>(AXIS_COUNT).fill(0), buttons: new Array<number>(BUTTON_COUNT).fill(0) };
}
