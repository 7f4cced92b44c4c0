import { Btn, neutralPad } from './pad.ts';
import type { PadState } from './pad.ts';

/**
 * Byte-level helpers shared by the Sony report decoders. Pure (no Node imports) so the
 * renderer could decode too.
 */

/** 0..255 with 0x80 centre to -1..1; each half scaled on its own so both ends reach 1. */
export function stickAxis(byte: number): number {
  const v = byte - 0x80;
  return v < 0 ? v / 128 : v / 127;
}

/** d-pad hat: 0 = up, clockwise in 45 degree steps to 7; 8 and above = released. */
const HAT_DIRECTIONS: ReadonlyArray<readonly number[]> = [
  [Btn.UP], [Btn.UP, Btn.RIGHT], [Btn.RIGHT], [Btn.DOWN, Btn.RIGHT],
  [Btn.DOWN], [Btn.DOWN, Btn.LEFT], [Btn.LEFT], [Btn.UP, Btn.LEFT],
];

export function applyHat(buttons: number[], hat: number): void {
  for (const b of HAT_DIRECTIONS[hat] ?? []) buttons[b] = 1;
}

const bit = (byte: number, n: number): number => (byte >> n) & 1;

/**
 * The button bytes both pads share: hat + square/cross/circle/triangle, then
 * L1 R1 L2 R2 share/create options L3 R3, then PS in bit 0 of the third byte.
 * Triggers come from their analog bytes, not the digital L2/R2 bits, so they stay analog.
 */
export interface SonyFields {
  lx: number; ly: number; rx: number; ry: number;
  face: number; shoulder: number; system: number;
  l2: number; r2: number;
}

export function sonyPad(f: SonyFields): PadState {
  const pad = neutralPad();
  pad.axes[0] = stickAxis(f.lx);
  pad.axes[1] = stickAxis(f.ly);
  pad.axes[2] = stickAxis(f.rx);
  pad.axes[3] = stickAxis(f.ry);
  const b = pad.buttons;
  applyHat(b, f.face & 0x0f);
  b[Btn.X] = bit(f.face, 4); // square
  b[Btn.A] = bit(f.face, 5); // cross
  b[Btn.B] = bit(f.face, 6); // circle
  b[Btn.Y] = bit(f.face, 7); // triangle
  b[Btn.LB] = bit(f.shoulder, 0);
  b[Btn.RB] = bit(f.shoulder, 1);
  b[Btn.BACK] = bit(f.shoulder, 4);
  b[Btn.START] = bit(f.shoulder, 5);
  b[Btn.LS] = bit(f.shoulder, 6);
  b[Btn.RS] = bit(f.shoulder, 7);
  b[Btn.HOME] = bit(f.system, 0);
  b[Btn.LT] = f.l2 / 255;
  b[Btn.RT] = f.r2 / 255;
  return pad;
}

/** Reads a byte that the caller has already bounds-checked through the report length. */
export function u8(report: Uint8Array, i: number): number {
  return report[i] ?? 0;
}

let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/**
 * CRC-32 (zlib polynomial) over one seed byte followed by `bytes[0..end)`. Sony's
 * Bluetooth reports prefix the HID transaction header (0xA1 input, 0xA2 output) this way.
 */
export function sonyCrc32(seed: number, bytes: Uint8Array, end: number): number {
  const t = crcTable();
  let c = 0xffffffff;
  c = (t[(c ^ seed) & 0xff] ?? 0) ^ (c >>> 8);
  for (let i = 0; i < end; i++) c = (t[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** True when the little-endian CRC in the last four bytes of `report[0..size)` matches. */
export function btCrcOk(report: Uint8Array, size: number): boolean {
  const at = size - 4;
  const stored = (u8(report, at) | (u8(report, at + 1) << 8) | (u8(report, at + 2) << 16) | (u8(report, at + 3) << 24)) >>> 0;
  return sonyCrc32(0xa1, report, at) === stored;
}

/** Writes the CRC of `report[0..size-4)` (output seed 0xA2) into its last four bytes. */
export function sealBtOutput(report: Uint8Array): void {
  const at = report.length - 4;
  const crc = sonyCrc32(0xa2, report, at);
  report[at] = crc & 0xff;
  report[at + 1] = (crc >>> 8) & 0xff;
  report[at + 2] = (crc >>> 16) & 0xff;
  report[at + 3] = (crc >>> 24) & 0xff;
}
