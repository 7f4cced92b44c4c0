import { btCrcOk, sealBtOutput, sonyPad, u8 } from './report-bits.ts';
import type { PadState } from './pad.ts';

/**
 * DualShock 4 (054c:05c4, 054c:09cc). Its controller state is one block: LX LY RX RY,
 * hat+face, shoulder, PS+counter, L2, R2. USB report 0x01 carries it from byte 1; over
 * Bluetooth the full report 0x11 carries it two bytes later (after two flag bytes) and
 * ends in a CRC-32. Until the host reads calibration, a Bluetooth pad sends the reduced
 * report 0x01 (10 or 11 bytes), whose first ten bytes match the USB layout, so the USB
 * decoder reads it too.
 */
export const DS4_USB_REPORT_SIZE = 64;
export const DS4_BT_REPORT_SIZE = 78;
const MIN_REDUCED_SIZE = 10;

function block(report: Uint8Array, o: number): PadState {
  return sonyPad({
    lx: u8(report, o), ly: u8(report, o + 1), rx: u8(report, o + 2), ry: u8(report, o + 3),
    face: u8(report, o + 4), shoulder: u8(report, o + 5), system: u8(report, o + 6),
    l2: u8(report, o + 7), r2: u8(report, o + 8),
  });
}

/** USB report 0x01 (64 bytes) and the reduced Bluetooth report 0x01. */
export function decodeDs4Usb(report: Uint8Array): PadState | null {
  if (report.length < MIN_REDUCED_SIZE || report[0] !== 0x01) return null;
  return block(report, 1);
}

/** Bluetooth full report 0x11; a frame failing its CRC is dropped, as the kernel does. */
export function decodeDs4Bt(report: Uint8Array): PadState | null {
  if (report.length < DS4_BT_REPORT_SIZE || report[0] !== 0x11) return null;
  if (!btCrcOk(report, DS4_BT_REPORT_SIZE)) return null;
  return block(report, 3);
}

/** Motor bytes: the left (strong, low-frequency) and right (weak, high-frequency) motors. */
export interface Motors { strong: number; weak: number }

const RUMBLE_VALID = 0x01;
/** Bluetooth hw_control: report carries HID data and a CRC, 4 ms input interval. */
const BT_HW_CONTROL = 0xc0 | 0x04;

/** USB output report 0x05 (32 bytes): only the rumble flag is set, so the light bar is left alone. */
export function ds4UsbRumble(m: Motors): Uint8Array {
  const r = new Uint8Array(32);
  r[0] = 0x05;
  r[1] = RUMBLE_VALID;
  r[4] = m.weak;
  r[5] = m.strong;
  return r;
}

/** Bluetooth output report 0x11 (78 bytes): the same fields two bytes later, sealed by a CRC. */
export function ds4BtRumble(m: Motors): Uint8Array {
  const r = new Uint8Array(DS4_BT_REPORT_SIZE);
  r[0] = 0x11;
  r[1] = BT_HW_CONTROL;
  r[3] = RUMBLE_VALID;
  r[6] = m.weak;
  r[7] = m.strong;
  sealBtOutput(r);
  return r;
}
